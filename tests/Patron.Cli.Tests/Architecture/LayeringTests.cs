using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Patron.Cli.Tests.Architecture;

/// <summary>The layering of src/ as the code must keep it: each project references only projects below it, the pure
/// libraries reference only pure libraries below them, the demo generator is for applications and tests, and only Warehouse and Features name
/// silver or gold tables.</summary>
public sealed partial class LayeringTests
{
    /// <summary>Rank of each library; a project may reference only lower ranks. Projects not listed are applications
    /// (the CLI, a server, ...): they may reference any library and any application but the CLI.</summary>
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.Ordinal)
    {
        ["Patron.DuckDb"] = 0,
        ["Patron.Learning"] = 0,
        ["Patron.Lifetime"] = 1,
        ["Patron.Demo"] = 0,
        ["Patron.Warehouse"] = 1,
        ["Patron.Features"] = 2,
        ["Patron.Pipeline"] = 3,
    };

    private const int ApplicationRank = 4;

    /// <summary>Projects that know nothing of DuckDB: learning and lifetime code stays pure C#. A pure library may reference
    /// only a pure library below it (Lifetime uses Learning's CSV reader, L-BFGS and special functions).</summary>
    private static readonly string[] Pure = ["Patron.Learning", "Patron.Lifetime", "Patron.Demo"];

    private static readonly string[] TableOwners = ["Patron.Warehouse", "Patron.Features"];

    [Fact]
    public void ProjectReferences_EverySourceProject_PointOnlyDownward()
    {
        var problems = new List<string>();
        foreach (var (name, references) in SourceProjects())
        {
            var rank = Ranks.GetValueOrDefault(name, ApplicationRank);
            foreach (var reference in references)
            {
                var target = Ranks.GetValueOrDefault(reference, ApplicationRank);
                if (Pure.Contains(name) && (!Pure.Contains(reference) || target >= rank))
                {
                    problems.Add($"{name} is a pure library but references {reference}");
                }
                else if (reference == "Patron.Cli" || (rank < ApplicationRank && target >= rank))
                {
                    problems.Add($"{name} (layer {rank}) references {reference} (layer {target}), which is not below it");
                }
                else if (reference == "Patron.Demo" && rank < ApplicationRank)
                {
                    problems.Add($"{name} references the demo generator, which only applications and tests use");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SourceFiles_OutsideWarehouseAndFeatures_NameNoSilverOrGoldTable()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            var project = relative.Split('/')[0];
            if (TableOwners.Contains(project) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (!line.TrimStart().StartsWith("//", StringComparison.Ordinal) && TableName().IsMatch(line))
                {
                    problems.Add($"{relative}:{number}: {line.Trim()}");
                }
            }
        }

        Assert.True(problems.Count == 0,
            "Only Warehouse and Features name silver or gold tables; read through Features' API instead:" + Environment.NewLine
            + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SourceProjects_RepositoryLayout_AllFound()
    {
        var names = SourceProjects().Select(p => p.Name).ToArray();

        foreach (var known in Ranks.Keys)
        {
            Assert.Contains(known, names);
        }

        Assert.Contains("Patron.Cli", names);
    }

    private static IEnumerable<(string Name, string[] References)> SourceProjects()
    {
        foreach (var project in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToArray();
            yield return (Path.GetFileNameWithoutExtension(project), references);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Patron.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Patron.slnx.");
    }

    /// <summary>A schema-qualified silver or gold name in code: <c>silver.orders</c>, <c>gold.{Table}</c>.</summary>
    [GeneratedRegex(@"\b(silver|gold)\.[A-Za-z_{]")]
    private static partial Regex TableName();
}
