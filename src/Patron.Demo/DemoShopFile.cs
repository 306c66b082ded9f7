namespace Patron.Demo;

/// <summary>One written file: its name relative to the output folder, its full path and its data rows (header excluded).</summary>
public sealed record DemoShopFile(string Name, string Path, long Rows);
