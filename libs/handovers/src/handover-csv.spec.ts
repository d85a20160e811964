import { csvCell, toCsv, type CsvDelimiter, type HandoverReportRow } from './handover-report';

/**
 * Issue 15 finding 6: a cell is safe whichever separator the reader splits at. A Dutch spreadsheet
 * splits `Familie verhuisd;=cmd|...` at the semicolon and would run the second half.
 */
describe('handover CSV cells for both separators', () => {
  const attack = "Familie verhuisd;=cmd|' /C calc'!A0";
  it.each<[string | number | null, CsvDelimiter, string]>([
    [attack, ',', `"Familie verhuisd;'=cmd|' /C calc'!A0"`],
    [attack, ';', `"Familie verhuisd;'=cmd|' /C calc'!A0"`],
    ['a,=1+1', ';', `"a,'=1+1"`],
    ['a,=1+1', ',', `"a,'=1+1"`],
    ['x; +31 6 1234', ';', `"x; '+31 6 1234"`],
    ['x;-2', ',', `"x;'-2"`],
    ['x;@SUM(A1)', ';', `"x;'@SUM(A1)"`],
    ['x;\tcmd', ';', `"x;'\tcmd"`],
    ['x;\rcmd', ';', `"x;'\rcmd"`],
    ['line one\n=2+2', ';', `"line one\n'=2+2"`],
    ['=1+1', ';', "'=1+1"],
    ['plain; text', ';', '"plain; text"'],
    ['semi;colon', ',', '"semi;colon"'],
    ['e-mail', ';', 'e-mail'],
    [12.5, ';', '12,5'],
    [12.5, ',', '12.5'],
    [null, ';', ''],
  ])('%j with %s → %s', (value, delimiter, cell) => {
    expect(csvCell(value, delimiter)).toBe(cell);
  });

  it('separates with the delimiter asked for, header row included', () => {
    const row = { handoverId: 'h1', declineReason: attack, hoursToAcceptance: 1.25 } as unknown as HandoverReportRow;
    const [header, line] = toCsv([row], ';').split('\r\n');
    expect(header.split(';')[0]).toBe('handoverId');
    expect(header).not.toContain(',');
    expect(line.startsWith('h1;')).toBe(true);
    expect(line).toContain(`;"Familie verhuisd;'=cmd|' /C calc'!A0";`);
    expect(line).toContain(';1,25;');
    expect(toCsv([row], ',').split('\r\n')[1]).toContain(',1.25,');
  });
});
