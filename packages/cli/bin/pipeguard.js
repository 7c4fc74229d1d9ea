#!/usr/bin/env node
// A committed entry point so that pnpm can link the `pipeguard` bin before the first build creates the bundle
// (scripts/build-cli.mjs: the command line bundled with ncc, for start-up time).
import '../bundle/index.js'
