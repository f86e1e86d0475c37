import type { SignedIn } from '../shell';
import { Placeholder } from './Placeholder';

/** The Engine Room channel tab. Work items (KLOEs, rapid reviews, actions) come later. */
export function EngineRoom(_: { session: SignedIn }) {
  return (
    <section aria-labelledby="work-items-heading">
      <h2 id="work-items-heading">Work items</h2>
      <Placeholder>Work items will appear here.</Placeholder>
    </section>
  );
}
