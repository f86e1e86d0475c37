import { makeStyles, tokens } from '@fluentui/react-components';

/** How what a lead reads in the narrow pane is set out: headings, facts beside their names, text as sent. */
export const useReadingStyles = makeStyles({
  title: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  part: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  small: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    '& dt': { fontWeight: tokens.fontWeightSemibold },
  },
  text: { whiteSpace: 'pre-wrap' },
  list: { paddingInlineStart: tokens.spacingHorizontalXL },
});
