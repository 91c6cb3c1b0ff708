import type { DeskMethod } from '../../src-shared/bridge/desk-methods';

/**
 * How long main waits for the desk process to answer a call before telling staff. Most
 * calls touch only the local database; joining a studio, starting the demo server and
 * syncing or repairing can move a whole studio's data over a slow line, so they get much
 * longer before main gives up on them (the desk process keeps working regardless). A test
 * e-mail (`studioSmtp.sendTest`) waits on the studio's SMTP server, up to ~30 s.
 */
export function deskCallTimeoutMs(method: DeskMethod): number {
  switch (method) {
    // A large studio's full export (issue 19) is read and written for minutes.
    case 'studio.export':
    case 'setup.connect':
    case 'setup.createStudio':
    case 'setup.openDemo':
    case 'sync.now':
    case 'sync.verify':
    case 'sync.repair':
      return 30 * 60_000;
    case 'printer.testPrint':
    case 'printer.print':
    case 'drawer.noSale':
    case 'payments.status':
    case 'payments.connectionToken':
    case 'payments.createIntent':
    case 'payments.capture':
    case 'payments.cancel':
    case 'stripe.connect':
    case 'stripe.connectStatus':
    case 'stripe.registerReader':
    case 'desks.list':
    case 'desks.rename':
    case 'desks.revoke':
    case 'desks.enrollmentCode':
    case 'studioSmtp.status':
    case 'studioSmtp.set':
    case 'studioSmtp.clear':
    case 'studioSmtp.sendTest':
      return 2 * 60_000;
    default:
      return 30_000;
  }
}
