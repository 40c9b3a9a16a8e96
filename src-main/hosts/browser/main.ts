process.stdout.write('browser\n');
