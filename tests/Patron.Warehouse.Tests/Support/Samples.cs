namespace Patron.Warehouse.Tests.Support;

/// <summary>Locates the shared public-data samples (../shared next to the repository checkout).</summary>
internal static class Samples
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Patron.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(shared))
                {
                    return shared;
                }
            }
        }

        throw new DirectoryNotFoundException("The shared samples folder (../shared next to the repository) was not found.");
    });

    public static string Olist => Path.Combine(Root.Value, "samples", "olist");

    public static string OnlineRetail => Path.Combine(Root.Value, "samples", "online_retail");

    public static string Shoppers => Path.Combine(Root.Value, "samples", "online_shoppers");

    public static string CdnowSample => Path.Combine(Root.Value, "data", "cdnow", "CDNOW_sample.txt");

    public static string CdnowMaster => Path.Combine(Root.Value, "data", "cdnow", "CDNOW_master.txt");

    /// <summary>Copies a sample folder into <paramref name="target"/> so a test may change the files.</summary>
    public static string CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetAttributes(copy, FileAttributes.Normal);
        }

        return target;
    }
}
