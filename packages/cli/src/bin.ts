#!/usr/bin/env node
import { main } from './main.js'

async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => (await readStdinBytes()).toString('utf8'),
  readStdinBytes,
  isTty: process.stdout.isTTY === true,
})
process.exitCode = code
