import type { SignedIn } from '../shell';
import { Placeholder } from './Placeholder';

/** The personal tab: what the signed-in person has sent to the partnership. */
export function Personal(_: { session: SignedIn }) {
  return (
    <section aria-labelledby="submissions-heading">
      <h2 id="submissions-heading">Your forms</h2>
      <Placeholder>
        The forms you send to the partnership, such as Key Lines of Enquiry, will appear here.
      </Placeholder>
    </section>
  );
}
