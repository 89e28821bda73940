import type { Role } from '../../contract';

/**
 * Development mode only, and only while no users are configured: the people of the quick start, whose ids and
 * PINs the sign-in screen shows. Never used in training or production (a provisioned file names real people).
 */
export const DEMO_USERS: readonly { id: string; name: string; roles: Role[]; pin: string }[] = [
  { id: 'T0042', name: '演示柜员', roles: ['teller'], pin: '204204' },
  { id: 'M0001', name: '演示导师', roles: ['mentor'], pin: '301301' },
  { id: 'A0001', name: '演示网点管理员', roles: ['branch_admin'], pin: '402402' },
  { id: 'S0001', name: '演示技术支持', roles: ['support'], pin: '503503' },
];
