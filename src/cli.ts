#!/usr/bin/env node
console.log('incident-runbook: not yet');
