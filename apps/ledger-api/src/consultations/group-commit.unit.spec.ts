import { GroupCommit } from './group-commit';

/** A writer whose batches finish when the test says so. */
function controlledWriter() {
  const batches: string[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const write = (items: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push([...items]);
      finish.push((error) => (error ? reject(error) : resolve()));
    });
  return { batches, finish, write };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('writes the items added during a batch together in the next one, in order, each resolved with its batch', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write);
    const done: string[] = [];
    const add = (item: string) => group.add(item).then(() => void done.push(item));
    const all = [add('a'), add('b'), add('c')];
    await settled();
    expect(writer.batches).toEqual([['a']]);
    writer.finish[0]();
    await settled();
    expect(done).toEqual(['a']);
    expect(writer.batches).toEqual([['a'], ['b', 'c']]);
    writer.finish[1]();
    await Promise.all(all);
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('fails the items of a failed batch only, and writes the next ones', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write);
    const first = group.add('a');
    const second = group.add('b');
    await settled();
    writer.finish[0](new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await settled();
    writer.finish[1]();
    await expect(second).resolves.toBeUndefined();
  });

  it('holds at most maxBatch items in a batch', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, 2);
    const all = ['a', 'b', 'c', 'd'].map((item) => group.add(item));
    for (let i = 0; i < 3; i++) {
      await settled();
      writer.finish[i]();
    }
    await Promise.all(all);
    await group.flushed();
    expect(writer.batches).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
