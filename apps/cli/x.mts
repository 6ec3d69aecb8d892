const { run } = await import('/work/main/apps/cli/src/main.ts');
process.exitCode = await run(process.argv.slice(2));
