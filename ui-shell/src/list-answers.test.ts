import { errorsAfterRemoving, listItemsOf, withListItems, withListsAsArrays } from './list-answers';

describe('a list answer in a form', () => {
  const values = { title: 'T', 'steps.1': 'One', 'steps.2': '', 'steps.3': 'Three' };

  it('when items are read, then they come in number order, empty ones too', () => {
    expect(listItemsOf(values, 'steps')).toEqual(['One', '', 'Three']);
    expect(listItemsOf(values, 'title')).toEqual([]);
  });

  it('when the items are replaced, then they are numbered again from 1 and other answers stay', () => {
    expect(withListItems(values, 'steps', ['Three', 'One'])).toEqual({
      title: 'T',
      'steps.1': 'Three',
      'steps.2': 'One',
    });
  });

  it('when an item is removed, then its message goes and later messages move up with their items', () => {
    expect(
      errorsAfterRemoving(
        { title: 'x', steps: 'too few', 'steps.1': 'a', 'steps.2': 'b', 'steps.3': 'c' },
        'steps',
        2,
      ),
    ).toEqual({ title: 'x', steps: 'too few', 'steps.1': 'a', 'steps.2': 'c' });
  });

  it('when sent to an API that takes arrays, then each list is its non-empty items, trimmed', () => {
    expect(withListsAsArrays({ ...values, 'steps.1': ' One ' }, ['steps'])).toEqual({
      title: 'T',
      steps: ['One', 'Three'],
    });
  });
});
