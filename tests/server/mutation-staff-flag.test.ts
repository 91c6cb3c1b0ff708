import { describe, expect, it } from 'vitest';
import { allMutations } from '../../src-shared/mutations/all-mutations';

// The server re-reads actors' roles within a push batch only after a mutation flagged
// `changesStaff`; a mutation that writes staff tables without the flag would let a member
// deactivated earlier in the batch keep acting.
// Two shared writers hold such writes for several mutations (a new member's rows, a staff
// member's status); a call to either counts as writing the tables.
const writesStaffTables =
  /(insertInto|updateTable|deleteFrom)\(\s*['"](tenant_members|tenant_roles)['"]|\b(writeNewMember|changeStaffStatus)\b/;

describe('mutations that change staff', () => {
  it('every mutation writing tenant_members or tenant_roles is flagged changesStaff', () => {
    const writers = allMutations.filter((m) => writesStaffTables.test(m.run.toString()));
    // member.create and member.update are known writers: the scan must find them.
    expect(writers.map((m) => m.name)).toEqual(
      expect.arrayContaining(['member.create', 'member.update']),
    );
    for (const mutation of writers)
      expect(mutation, mutation.name).toHaveProperty('changesStaff', true);
  });

  it('no mutation is flagged without writing those tables', () => {
    const flagged = allMutations.filter((m) => m.changesStaff);
    for (const mutation of flagged) expect(mutation.run.toString()).toMatch(writesStaffTables);
  });
});
