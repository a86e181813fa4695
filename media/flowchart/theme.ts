// Mermaid's colours from VS Code's: the webview's body carries the theme kind as a class and the
// theme's colours as CSS variables (--vscode-*). Mermaid's 'base' theme derives the rest of its
// palette from a few variables, so a handful of VS Code colours gives a chart that looks native
// in light, dark and both high-contrast themes.
import type { MermaidConfig } from 'mermaid';
import type { LabelChain, ThemeKind } from '../../src/protocol/flowchart';

export function themeKindOf(body: HTMLElement): ThemeKind {
  const classes = body.classList;
  // VS Code adds 'vscode-high-contrast' to high-contrast light too, so test the light one first.
  if (classes.contains('vscode-high-contrast-light')) return 'highContrastLight';
  if (classes.contains('vscode-high-contrast')) return 'highContrast';
  if (classes.contains('vscode-dark')) return 'dark';
  return 'light';
}

export function isDark(kind: ThemeKind): boolean {
  return kind === 'dark' || kind === 'highContrast';
}

export function isHighContrast(kind: ThemeKind): boolean {
  return kind === 'highContrast' || kind === 'highContrastLight';
}

/** Reads a CSS variable as a colour mermaid can compute with; '' when unset or not a colour. */
export type ColorReader = (variable: string) => string;

/**
 * Mermaid derives shades with `khroma`, which understands hex and rgb()/rgba() but not every CSS
 * colour syntax VS Code may use. The canvas normalises any CSS colour to one of those two forms.
 */
export function cssColorReader(root: Element): ColorReader {
  const style = getComputedStyle(root);
  const context = document.createElement('canvas').getContext('2d');
  return (variable) => {
    const raw = style.getPropertyValue(variable).trim();
    if (!raw || !context) return '';
    // Two different sentinels: a value that is not a colour leaves either unchanged.
    context.fillStyle = '#010203';
    context.fillStyle = raw;
    const first = String(context.fillStyle);
    context.fillStyle = '#040506';
    context.fillStyle = raw;
    return first === String(context.fillStyle) ? first : '';
  };
}

function firstColor(read: ColorReader, variables: string[], fallback: string): string {
  for (const variable of variables) {
    const value = read(variable);
    if (value) return value;
  }
  return fallback;
}

export interface ThemeFonts {
  family: string;
  size: string;
  /** --vscode-editor-font-size: the panel's chart labels are never drawn smaller. */
  editorSize: string;
}

export function fontsOf(root: Element): ThemeFonts {
  const style = getComputedStyle(root);
  return {
    family: style.getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif',
    size: style.getPropertyValue('--vscode-font-size').trim() || '13px',
    editorSize: style.getPropertyValue('--vscode-editor-font-size').trim() || '14px',
  };
}

/**
 * How the chart is laid out. Every layout draws it at its natural size, labels at the editor's font size at least
 * (a person reads them to declare); what is still too wide scrolls.
 * - 'wide': as the runbook wrote it, when that fits.
 * - 'narrow': the panel when 'wide' does not fit: top-down, wrapped labels, tighter spacing.
 * - 'compact': the side-bar view (about 300 px) when 'wide' does not fit: top-down, each level on a rank of its own
 *   (the host's compactSource), labels wrapped shorter still.
 */
export type ChartLayout = 'compact' | 'wide' | 'narrow';

/** The labels' font size in px: at least the editor's font size, in the panel and the side bar alike. */
export function chartFontPx(fonts: ThemeFonts): number {
  return Math.max(Number.parseFloat(fonts.size) || 13, Number.parseFloat(fonts.editorSize) || 14);
}

/** Mermaid's flowchart spacing for 'wide' (its defaults), which the width bound below reckons with. */
const WIDE_SPACING = { padding: 15, rankSpacing: 50, diagramPadding: 8, wrappingWidth: 200 };

/**
 * A width the chart as written (layout 'wide', left to right) cannot be narrower than: its longest chain's labels
 * laid end to end at the labels' font, each node with one padding (mermaid gives it two), each edge one rank
 * spacing (mermaid's layout puts two half spacings around the rank that holds the edge's label), the diagram's
 * padding on both sides. When even this does not fit, the chart is drawn top-down without drawing it as written
 * first. 0 when there is no chain to measure (a top-down chart: its width is its breadth, known only once drawn).
 */
export function wideWidthAtLeast(chain: LabelChain | null, fonts: ThemeFonts, measure: (text: string, font: string) => number): number {
  if (!chain) return 0;
  const font = `${chartFontPx(fonts)}px ${fonts.family}`;
  // A label wraps at the wrapping width, and a <br> breaks it: its widest line counts.
  const width = (label: string): number => Math.min(WIDE_SPACING.wrappingWidth, Math.max(0, ...label.split(/<br\s*\/?>/i).map((line) => measure(line.trim(), font))));
  const nodes = chain.nodeLabels.reduce((sum, label) => sum + width(label) + WIDE_SPACING.padding, 0);
  const edges = chain.edgeLabels.reduce((sum, label) => sum + (label ? width(label) : 0) + WIDE_SPACING.rankSpacing, 0);
  return 2 * WIDE_SPACING.diagramPadding + nodes + edges;
}

/** Measures text as the page draws it, with a canvas (no layout, no DOM change). */
export function canvasTextWidth(): (text: string, font: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  return (text, font) => {
    if (!context) return 0;
    context.font = font;
    return context.measureText(text).width;
  };
}

/** The themeVariables for mermaid's 'base' theme. Pure given the reader, so tests can pin it. */
export function themeVariables(kind: ThemeKind, read: ColorReader, fonts: ThemeFonts): Record<string, string | boolean> {
  const dark = isDark(kind);
  const contrast = isHighContrast(kind);
  const background = firstColor(read, ['--vscode-editor-background'], dark ? '#1e1e1e' : '#ffffff');
  const foreground = firstColor(read, ['--vscode-editor-foreground', '--vscode-foreground'], dark ? '#cccccc' : '#333333');
  const nodeFill = contrast
    ? background
    : firstColor(read, ['--vscode-editorWidget-background', '--vscode-sideBar-background'], background);
  const border = contrast
    ? firstColor(read, ['--vscode-contrastBorder', '--vscode-focusBorder'], foreground)
    : firstColor(read, ['--vscode-editorWidget-border', '--vscode-widget-border', '--vscode-focusBorder'], foreground);
  const muted = firstColor(read, ['--vscode-descriptionForeground'], foreground);
  const note = firstColor(read, ['--vscode-editorHoverWidget-background', '--vscode-editorWidget-background'], nodeFill);
  const lines = contrast ? foreground : muted;
  return {
    darkMode: dark,
    fontFamily: fonts.family,
    fontSize: `${chartFontPx(fonts)}px`,
    background,
    primaryColor: nodeFill,
    primaryTextColor: foreground,
    primaryBorderColor: border,
    secondaryColor: nodeFill,
    secondaryTextColor: foreground,
    secondaryBorderColor: border,
    tertiaryColor: background,
    tertiaryTextColor: foreground,
    tertiaryBorderColor: border,
    mainBkg: nodeFill,
    nodeBorder: border,
    nodeTextColor: foreground,
    textColor: foreground,
    titleColor: foreground,
    lineColor: lines,
    edgeLabelBackground: background,
    clusterBkg: background,
    clusterBorder: border,
    // Sequence diagram
    actorBkg: nodeFill,
    actorBorder: border,
    actorTextColor: foreground,
    actorLineColor: lines,
    signalColor: foreground,
    signalTextColor: foreground,
    labelBoxBkgColor: nodeFill,
    labelBoxBorderColor: border,
    labelTextColor: foreground,
    loopTextColor: foreground,
    noteBkgColor: note,
    noteTextColor: foreground,
    noteBorderColor: border,
    activationBkgColor: nodeFill,
    activationBorderColor: border,
    sequenceNumberColor: background,
  };
}

export function mermaidConfig(kind: ThemeKind, read: ColorReader, fonts: ThemeFonts, layout: ChartLayout): MermaidConfig {
  const textSize = (Number.parseFloat(fonts.size) || 13) + 1;
  const labelPx = chartFontPx(fonts);
  const flowchart: MermaidConfig['flowchart'] =
    layout === 'compact'
      ? // About five characters a line; the levels stack (compactSource), so the chart's width is a node and the edges beside it.
        { htmlLabels: true, useMaxWidth: false, nodeSpacing: 8, rankSpacing: 28, padding: 6, wrappingWidth: Math.round(labelPx * 4), diagramPadding: 4 }
      : layout === 'narrow'
        ? // About eight characters a line: "SEV4: Next business day" takes two lines, so four levels fit side by side.
          { htmlLabels: true, useMaxWidth: false, nodeSpacing: 10, rankSpacing: 36, padding: 8, wrappingWidth: Math.round(labelPx * 5.5), diagramPadding: 8 }
        : { htmlLabels: true, useMaxWidth: false };
  return {
    startOnLoad: false,
    // 'strict': labels are sanitised and click/href directives in a runbook's chart do nothing.
    securityLevel: 'strict',
    // Errors are shown by our own panel (message + source), not mermaid's bomb picture.
    suppressErrorRendering: true,
    theme: 'base',
    themeVariables: themeVariables(kind, read, fonts),
    fontFamily: fonts.family,
    flowchart,
    // Mermaid's sequence defaults (16px) look oversized next to the workbench's 13px text.
    sequence: { useMaxWidth: true, actorFontSize: textSize, messageFontSize: textSize, noteFontSize: textSize },
  };
}

/** A string that changes whenever the chart would look different: re-render only then. */
export function themeSignature(kind: ThemeKind, read: ColorReader, fonts: ThemeFonts): string {
  return JSON.stringify(themeVariables(kind, read, fonts));
}
