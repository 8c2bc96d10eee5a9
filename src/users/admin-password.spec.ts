import { CATALOGUE } from '../config/catalogue';
import { generateAdminPassword } from './admin-password';
import { passwordWeaknesses } from './password-strength';

describe('generateAdminPassword', () => {
  it('passes the default strength rules every time', () => {
    const context = {
      minLength: CATALOGUE['service.password.min_length'].default,
      minScore: CATALOGUE['service.password.min_score'].default,
      username: 'admin',
      email: 'admin@jwt-access-manager.local',
    };
    const passwords = Array.from({ length: 50 }, generateAdminPassword);
    expect(new Set(passwords).size).toBe(50);
    for (const password of passwords) expect(passwordWeaknesses(password, context)).toEqual([]);
  });
});
