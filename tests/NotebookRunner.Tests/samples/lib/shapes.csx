// Loaded with #load by polyglot.ipynb: declarations here become part of the notebook's state.
record Square(double Side) { public double Area => Side * Side; }
var loadedFromCsx = "loaded";
