using Patron.Features.Registry;

namespace Patron.Features.Tests.Registry;

public sealed class FeatureDocsTests
{
    /// <summary>Regenerate with <c>patron features --docs docs/features.md</c> (or set PATRON_UPDATE_DOCS=1 and run this test).</summary>
    [Fact]
    public void Markdown_CommittedDoc_IsWhatTheRegistryGenerates()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "features.md");
        var generated = FeatureDocs.Markdown();
        if (Environment.GetEnvironmentVariable("PATRON_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), "docs/features.md is missing; run patron features --docs docs/features.md");
        Assert.True(generated == File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal),
            "docs/features.md is stale; run patron features --docs docs/features.md");
    }

    [Fact]
    public void Markdown_NamesEveryFeatureAndSegment()
    {
        var md = FeatureDocs.Markdown();
        foreach (var feature in FeatureRegistry.All)
        {
            Assert.Contains($"`{feature.Name}`", md, StringComparison.Ordinal);
        }

        Assert.Contains("| Can't lose |", md, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(folder.FullName, "docs")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with docs/) was not found above " + AppContext.BaseDirectory);
    }
}
