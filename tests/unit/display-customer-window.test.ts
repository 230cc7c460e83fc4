/**
 * The customer-facing window of the Electron shell, its pure half: only our own customer route
 * opens it (never another page through window.open), and it goes full screen on the till's
 * second monitor when there is one, else it is an ordinary window.
 */
import { describe, expect, it } from 'vitest';
import { CUSTOMER_WINDOW_URL, customerWindowPlace, isCustomerWindowUrl } from '../../main/host/electron-customer-policy.js';

describe('the customer window URL', () => {
  it('is the customer route of our app:// origin, as the till page opens it', () => {
    expect(CUSTOMER_WINDOW_URL).toBe('app://kassa/index.html?view=customer');
    expect(isCustomerWindowUrl(CUSTOMER_WINDOW_URL)).toBe(true);
    // window.open('./?view=customer') from app://kassa/index.html resolves to this:
    expect(isCustomerWindowUrl(new URL('./?view=customer', 'app://kassa/index.html').href)).toBe(true);
  });

  it.each([
    'app://kassa/index.html',
    'app://kassa/index.html?view=till',
    'app://kassa/other.html?view=customer',
    'app://kassa/index.html?view=customer#token=1',
    'app://evil/index.html?view=customer',
    'https://kassa/index.html?view=customer',
    'app://user:pw@kassa/index.html?view=customer',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isCustomerWindowUrl(url)).toBe(false);
  });
});

describe('where the customer window goes', () => {
  const till = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 1024 } };
  const second = { id: 7, bounds: { x: 1280, y: 0, width: 800, height: 480 } };

  it('full screen on the other display when the till has two', () => {
    expect(customerWindowPlace([till, second], 1)).toEqual({ bounds: second.bounds, fullscreen: true });
    // The till window may be on the "second" display: the customer gets the one it is not on.
    expect(customerWindowPlace([till, second], 7)).toEqual({ bounds: till.bounds, fullscreen: true });
  });

  it('an ordinary window when there is one display', () => {
    expect(customerWindowPlace([till], 1)).toEqual({ bounds: null, fullscreen: false });
  });
});
