/**
 * What is wrong with a network printer's address or port, in words staff can act on, or
 * null; checked before saving so a typo never reaches the desk as a raw schema refusal.
 */
export function networkPrinterProblem(host: string, port: string): string | null {
  if (host.trim() === '') {
    return "Printer address: enter the printer's IP address or name, like 192.168.1.50. It is printed on the printer's self-test page.";
  }
  const value = port.trim();
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 65_535) {
    return 'Port: enter a number from 1 to 65535. Receipt printers on the network almost always use 9100.';
  }
  return null;
}
