/** uPlot's stylesheet, bundled by Vite with the chart (a side-effect import, no exports). */
declare module 'uplot/dist/uPlot.min.css';
