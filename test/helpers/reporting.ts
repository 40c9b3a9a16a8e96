/** The reporting entity of the test consoles' SAR/STR settings (a goAML-shaped one, with its MLRO). */
export const REPORTING_ENTITY = {
  rentityId: 4711,
  branch: 'Dubai head office',
  name: 'Vaultline Custody FZE',
  reportingPerson: {
    firstName: 'Olga',
    lastName: 'Petrenko',
    title: 'MLRO',
    email: 'mlro@vaultline.example',
    phone: '+971 4 555 0100',
    address: { line: 'Gate Village 10, Level 3', city: 'Dubai', state: 'Dubai', country: 'AE' },
  },
};
