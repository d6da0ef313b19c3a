import { useComputedColorScheme } from "@mantine/core";
import { BarChart, GraphChart, LinesChart, PieChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, DataZoomComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// The one chart library of the app: only the chart kinds and parts it draws are bundled.
echarts.use([
  BarChart,
  LinesChart,
  PieChart,
  ScatterChart,
  GraphChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export type TEChartOption = echarts.EChartsCoreOption;

/** A canvas echarts instance bound to a div: set the option, follow the container's size. `label` is its text alternative. */
export function EChart({ option, height = 420, label }: { option: TEChartOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useComputedColorScheme("light");

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, scheme === "dark" ? "dark" : undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [scheme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: "transparent", ...option }, { notMerge: true });
  }, [option, scheme]);

  return <div ref={ref} style={{ height, width: "100%" }} role="img" aria-label={label} data-testid="echart" />;
}
