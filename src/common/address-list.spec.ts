import { addressInList, isAddressOrRange } from './address-list';

describe('address lists', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.0/8', true],
    ['0.0.0.0/0', true],
    ['::1', true],
    ['fd00::/8', true],
    ['::ffff:10.1.2.3', true],
    ['2001:db8::/128', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['10.0.0.0/', false],
    ['10.0.0.0/8/8', false],
    ['10.0.0.0/+8', false],
    ['10.0.0.256', false],
    ['01.2.3.4', false],
    ['fe80::1%eth0', false],
    ['localhost', false],
    ['', false],
  ])('%s is an address or range: %s', (item, expected) => {
    expect(isAddressOrRange(item)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', ['127.0.0.1'], true],
    ['127.0.0.2', ['127.0.0.1'], false],
    ['10.200.3.4', ['10.0.0.0/8'], true],
    ['11.0.0.1', ['10.0.0.0/8'], false],
    ['::ffff:127.0.0.1', ['127.0.0.0/8'], true],
    ['::1', ['127.0.0.1', '::1'], true],
    ['fd12::1', ['fd00::/8'], true],
    ['fe80::1', ['fd00::/8'], false],
    ['127.0.0.1', [], false],
    [undefined, ['0.0.0.0/0'], false],
    ['not-an-address', ['0.0.0.0/0'], false],
  ])('%s in %j: %s', (address, items, expected) => {
    expect(addressInList(address, items)).toBe(expected);
  });
});
