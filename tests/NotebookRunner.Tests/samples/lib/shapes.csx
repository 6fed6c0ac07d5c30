// Loaded with #load by directives.ipynb: declarations here become part of the notebook's state.
record Square(double Side) { public double Area => Side * Side; }
var loadedFromCsx = "loaded";
