// The peer's page module: vaadin-grid with its default theme.
import '@vaadin/grid/vaadin-grid.js';
import '@vaadin/grid/vaadin-grid-column.js';
