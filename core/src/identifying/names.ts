// compromise (maintained, pure JavaScript, runs offline with no model to download, tags a
// sentence in about a millisecond): its lexicon of thousands of first names and surnames, and its
// tagger for names written in lower case. Its second layer, without the third's verb and noun
// phrases, tags a sentence in half the time.
import nlp from 'compromise/two';

/**
 * First names the screen knows: compromise's lexicon (thousands of names, mostly
 * of English-speaking origin) and these, given to children in England from many
 * other origins, which its lexicon lacks.
 */
const moreFirstNames = `
aaliyah aarav aariz abdi abdirahman abdullah abdul abimbola adaeze adebayo adeola adil afia afsana agnieszka ahmad
ahmed aisling akash akosua alejandro aleksander aleksandra alexandru alfie alisha amaan amani amara amina aminata amrit
anaya andrei anika aniela anjali ansh antoni anya arjun armaan arya asad ashanti asma atticus aurelia ayaan ayan ayodele
azra bartek bartosz bilal blessing bogdan bronwen caoimhe callum cerys chanel chiamaka chidi chinedu chioma chinonso cian
ciaran cosmin daisy-mae damilola daniyal darcey darcie deja declan deepak dev dhruv divya dominika dylan eesa efe eilidh
elif emeka emre eshaal esme farah farhan fatma ffion filip gabriela gurpreet habiba hafsa hamid haniya haris harpreet
hodan huda ibrahima idris ifeoma ikram ilyas imaan imogen inaya ioana irfan isha ishaan jakub jannat jasleen jaspreet jayda
jenson kacey kaden kamal kamila karolina kayden kiran kofi kwame kwabena laila layla lena lenka liyana lucjan lukasz maciej
madiha maddison mahnoor maja malak malika manpreet mariam marley mehmet mia-rose mihai mikolaj milena mirela mohamed
mohammad musa mustafa nabila naveed navneet nikola nkechi nneka noor nuala obinna oisin olamide oliwia oluwadamilare
oluwaseun oluwatobi omari oskar patryk pawel pranav priya qasim rahul raheem rania rayyan reggie rehan rhys riya rohan
roksana ruqayyah safa safiya sahil saima salma samina samira sana santiago seren shanice shay shreya sienna simran sinead
siddharth sumaiya sunita szymon tadhg tahir talia tariq tayo temitope thanh tiago tobi tomasz umar uzma valentina vihaan
wiktor wiktoria xavier yahya yasin yusra zahra zainab zayan zayn zofia zuzanna
albie amelie arabella arlo aurora ayla felicity finley freya grayson hallie jaxon lyla maeve margot maya myla nevaeh orla
sienna teigan tilly xander kyla kacey keeley jaxson hudson florence
`.trim();

/**
 * Names that are also everyday words ("Rose", "Hope", "Summer"): a name only
 * when the words around them make them a person (an age, a school year, "her
 * sister", "was seen by").
 */
const namesThatAreWords = `
rose hope faith grace summer autumn winter river storm sky skye rain star angel honey precious princess destiny blessing
lily ruby poppy daisy ivy willow holly hazel jasmine amber crystal jade pearl leo jay brook brooke mason hunter major king
bella sunny patience charity joy melody harmony dawn april june may august jack will bill mark frank grant dean chase
reed ray rocky royal heaven miracle marvel cash violet iris olive nova georgia max sonny harper
`.trim();

const personTags = new Set(['FirstName', 'MaleName', 'FemaleName', 'Person']);

const firstNames = new Set(moreFirstNames.split(/\s+/));
const wordNames = new Set(namesThatAreWords.split(/\s+/));

export type NameStrength = 'first-name' | 'word-name' | 'surname' | 'known-word' | 'unknown';

// compromise's lexicon (word -> tag or tags, in the model's first layer), read once into what
// the screen asks of each word: when first screened, not by everything that imports the core
// (about 60 ms of CPU).
let lexicon: Map<string, NameStrength> | undefined;
function readLexicon(): Map<string, NameStrength> {
  const read = new Map<string, NameStrength>();
  for (const [word, tag] of Object.entries(
    (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon,
  )) {
    const tags = Array.isArray(tag) ? tag : [tag];
    read.set(
      word,
      tags.some((t) => personTags.has(t))
        ? 'first-name'
        : tags.includes('LastName')
          ? 'surname'
          : 'known-word',
    );
  }
  return read;
}

/** How surely a word (lower case, no possessive) is a person's name taken alone. */
export function nameStrength(word: string): NameStrength {
  if (wordNames.has(word)) return 'word-name';
  if (firstNames.has(word)) return 'first-name';
  return (lexicon ??= readLexicon()).get(word) ?? 'unknown';
}

/** True when compromise tags the word, in its sentence, as a person (for names written in lower case). */
export function taggedAsPerson(sentence: string, word: string): boolean {
  const people = nlp(sentence).match('#Person+').out('array') as string[];
  return people.some((p) =>
    p
      .toLowerCase()
      .split(/[\s,]+/)
      .includes(word),
  );
}
