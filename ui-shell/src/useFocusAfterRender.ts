import { useEffect, useState } from 'react';

/**
 * Moves the keyboard once React has drawn what it should go to (a message, a summary, a
 * field). An effect after the commit, not the next animation frame: on a busy machine the
 * frame can come before React has drawn the element, and the keyboard would go nowhere.
 */
export function useFocusAfterRender() {
  const [target, setTarget] = useState<{ find: () => HTMLElement | null | undefined }>();
  useEffect(() => {
    if (!target) return;
    target.find()?.focus();
    setTarget(undefined);
  }, [target]);
  return (find: () => HTMLElement | null | undefined) => setTarget({ find });
}
