// Imported with #!import by polyglot.ipynb: submitted as C# script code.
int Triple(int x) => x * 3;
var importedFromCs = Triple(7);
