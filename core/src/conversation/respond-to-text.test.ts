import { loadPartnership } from '../partnerships/partnership';
import { commandOf, respondToText } from './respond-to-text';

const hsscp = loadPartnership('hsscp');

describe('responding to chat text', () => {
  it('when someone types help, then they get the welcome card naming their partnership', () => {
    const reply = respondToText('help', hsscp);
    expect(reply.card.type).toBe('AdaptiveCard');
    expect(JSON.stringify(reply.card.body)).toContain('Welcome to Pathways for HSSCP');
  });

  it('when someone types consideration, then the local-authority question comes first', () => {
    const card = respondToText('Consideration', hsscp).card;
    expect(card.fallbackText).toContain('consideration request: step 1 of 5');
    expect(card.body.find((e) => e.type.startsWith('Input.'))?.id).toBe('laInformed');
  });

  it('when someone types challenge, then the professional challenge form opens', () => {
    expect(respondToText('challenge', hsscp).card.fallbackText).toBe(
      'Record a professional challenge',
    );
  });

  it('when the text is not understood, then they get one sentence saying what the bot can do, not the whole card', () => {
    const reply = respondToText('what now?', hsscp).card;
    expect(reply.fallbackText).toBe('I did not understand that');
    expect(reply.body).toHaveLength(1);
    expect(JSON.stringify(reply.body)).toContain('I did not understand that. I can help you');
    expect(reply.actions).toBeUndefined();
  });

  it('when a partnership is configured differently, then the card follows the configuration', () => {
    const stockport = loadPartnership('stockport');
    expect(respondToText('help', stockport).card.fallbackText).toContain('SSCP');
  });

  it('when the message holds a mention and capitals, then the command is still recognised', () => {
    expect(commandOf('<at>Pathways</at>  HELP ')).toBe('help');
  });

  it('when the welcome card offers a button, then it sends a command the bot understands', () => {
    const actions = respondToText('help', hsscp).card.actions ?? [];
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      const sent = (action.data as { msteams: { text: string } }).msteams.text;
      expect(['help', 'kloe', 'consideration', 'challenge']).toContain(sent);
    }
  });
});
