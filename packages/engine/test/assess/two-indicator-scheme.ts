/** The smallest valid scheme, two indicators under one node, shared by the scheme-format tests. */
export const twoIndicatorScheme = () => ({
  schemaVersion: 1,
  id: 't',
  version: '1',
  name: 'test',
  indicators: [
    { id: 'a', direction: 1 },
    { id: 'b', direction: -1 },
  ],
  nodes: [
    {
      id: 'root',
      children: [
        { id: 'a', weight: 0.5 },
        { id: 'b', weight: 0.5 },
      ],
    },
  ],
  root: 'root',
});
