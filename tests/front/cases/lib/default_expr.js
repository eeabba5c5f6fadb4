const config = {retries: 3};
export default {
  name: 'cfg',
  ...config
};
export const after = 'after';
