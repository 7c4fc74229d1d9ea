#!/usr/bin/env node
// A committed entry point so that pnpm can link the `pipeguard` bin before the first build creates dist/.
import '../dist/bin.js'
