/** Requests per second over the recovery, with and without jitter: ECharts rendered on the server as SVG, then PNG (resvg). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

export interface RpsPlot {
  jitter: number[];
  /** Of the jitter run's requests, the refused ones (429/503) per second. */
  jitterRefused?: number[];
  noJitter: number[] | null;
  capacityRps: number;
  title: string;
}

export function rpsSvg(p: RpsPlot): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1000, height: 420 });
  const len = Math.max(p.jitter.length, p.noJitter?.length ?? 0);
  const series = [
    { name: 'with jitter (engine as shipped)', type: 'line', showSymbol: false, data: p.jitter.map((v, i) => [i, v]), lineStyle: { width: 2 } },
    ...(p.jitterRefused ? [{ name: 'of which refused (with jitter)', type: 'line', showSymbol: false, data: p.jitterRefused.map((v, i) => [i, v]), lineStyle: { width: 1, type: 'dashed' } }] : []),
    ...(p.noJitter ? [{ name: 'no jitter (same schedule for all)', type: 'line', showSymbol: false, data: p.noJitter.map((v, i) => [i, v]), lineStyle: { width: 1.5 } }] : []),
  ];
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: p.title, subtext: `requests per second at the endpoint (1 s buckets), capacity ${p.capacityRps} case revisions/s`, left: 'center' },
    legend: { bottom: 0 },
    grid: { left: 70, right: 30, top: 70, bottom: 70 },
    xAxis: { type: 'value', name: 's after the line returned', nameLocation: 'middle', nameGap: 28, min: 0, max: len },
    yAxis: { type: 'value', name: 'requests/s' },
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export async function writeRpsPlot(file: string, p: RpsPlot): Promise<void> {
  const png = new Resvg(rpsSvg(p), { fitTo: { mode: 'width', value: 1000 }, font: { loadSystemFonts: true } }).render().asPng();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png);
}
