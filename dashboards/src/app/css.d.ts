// Stylesheets are imported for their side effect: rollup collects them into app.css.
declare module '*.css' {}
