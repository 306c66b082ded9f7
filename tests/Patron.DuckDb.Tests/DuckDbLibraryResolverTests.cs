using Patron.DuckDb.Native;

namespace Patron.DuckDb.Tests;

public sealed class DuckDbLibraryResolverTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "patron-resolver");
    private static readonly string AssemblyDirectory = Path.Combine(Root, "repo", "tests", "X", "bin", "Debug", "net10.0");
    private static readonly string RepositoryCopy = Path.Combine(Root, "repo", DuckDbLibraryResolver.RepositoryRelativePath);

    [Fact]
    public void Locate_ConfiguredPathMissing_ThrowsNamingVariable()
    {
        var missing = Path.Combine(Root, "nowhere", "libduckdb.so");

        var error = Assert.Throws<DllNotFoundException>(() => DuckDbLibraryResolver.Locate(missing, AssemblyDirectory, _ => false));

        Assert.Contains("PATRON_DUCKDB_LIBRARY", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ConfiguredPathExists_WinsOverEverythingElse()
    {
        var configured = Path.Combine(Root, "custom", "libduckdb.so");

        var chosen = DuckDbLibraryResolver.Locate(configured, AssemblyDirectory, _ => true);

        Assert.Equal(configured, chosen);
    }

    [Fact]
    public void Locate_NoVariable_PrefersCopyBesideAssembly()
    {
        var beside = Path.Combine(AssemblyDirectory, "libduckdb.so");

        var chosen = DuckDbLibraryResolver.Locate(null, AssemblyDirectory, path => path == beside || path == RepositoryCopy);

        Assert.Equal(beside, chosen);
    }

    [Fact]
    public void Locate_NoCopyBesideAssembly_WalksUpToRepositoryCopy()
    {
        var chosen = DuckDbLibraryResolver.Locate("  ", AssemblyDirectory, path => path == RepositoryCopy);

        Assert.Equal(RepositoryCopy, chosen);
    }

    [Fact]
    public void Locate_NothingFound_LeavesItToDefaultProbing()
    {
        Assert.Null(DuckDbLibraryResolver.Locate(null, AssemblyDirectory, _ => false));
        Assert.Null(DuckDbLibraryResolver.Locate(null, null, _ => true));
    }

    [Fact]
    public void Locate_BuildOutput_FindsLibraryCopiedBesideTestAssembly()
    {
        // The build copies (or hard-links) the pinned library into every referencing project's output.
        var beside = Path.Combine(AppContext.BaseDirectory, DuckDbLibraryResolver.FileName);

        Assert.True(File.Exists(beside), $"the build did not place {DuckDbLibraryResolver.FileName} in {AppContext.BaseDirectory}");
        Assert.Equal(Path.TrimEndingDirectorySeparator(beside), DuckDbLibraryResolver.Locate(null, Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), File.Exists));
    }

    [Fact]
    public void LibraryVersion_LoadedLibrary_IsThePinnedRelease()
    {
        Assert.Equal("v1.5.6", DuckDbDatabase.LibraryVersion);
    }
}
