import { Link, Text } from '@fluentui/react-components';

/** Shown for an empty or unknown address: points to the real views. */
export function Home() {
  return (
    <>
      <Text as="p">Choose where to go:</Text>
      <ul>
        <li>
          <Link href="#/engine-room">Engine Room</Link>
        </li>
        <li>
          <Link href="#/personal">My submissions</Link>
        </li>
      </ul>
    </>
  );
}
