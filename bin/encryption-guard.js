#!/usr/bin/env node
// Runs the TypeScript sources directly: Node 22 strips types, so a checkout needs no build step.
import { main } from "../cli/main.ts";

process.exitCode = await main(process.argv.slice(2));
