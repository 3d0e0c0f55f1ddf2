import { STANCE_LOOKS, type StyledStance } from '../theme/stance-style.ts';

const SVG = 'http://www.w3.org/2000/svg';

/** A short line drawn the way the canvas draws a stance: same colour, same dashes. */
export function stanceSample(stance: StyledStance, solid = false): SVGSVGElement {
  const look = STANCE_LOOKS[stance];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', `stance-sample stance-${stance}`);
  svg.setAttribute('width', '34');
  svg.setAttribute('height', '8');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '33');
  line.setAttribute('y1', '4');
  line.setAttribute('y2', '4');
  line.setAttribute('stroke', look.color);
  line.setAttribute('stroke-width', '2');
  if (!solid && look.dash.length > 0) line.setAttribute('stroke-dasharray', look.dash.join(' '));
  svg.append(line);
  return svg;
}
