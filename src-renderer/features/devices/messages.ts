/** Strings of the device settings screen (spread into the i18n layer's catalogs). */
const zhCN = {
  'devices.title': '设备设置',
} as const;

const en: Partial<Record<keyof typeof zhCN, string>> = {
  'devices.title': 'Devices',
};

export const deviceMessages = { zhCN, en };
