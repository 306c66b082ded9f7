using Patron.DuckDb.Native;

namespace Patron.DuckDb.Tests;

public sealed class DuckDbLibraryResolverTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "patron-resolver");

    [Fact]
    public void Locate_ConfiguredPathMissing_ThrowsNamingVariable()
    {
        var missing = Path.Combine(Root, "nowhere", "libduckdb.so");

        var error = Assert.Throws<DllNotFoundException>(() => DuckDbLibraryResolver.Locate(missing, _ => false));

        Assert.Contains("PATRON_DUCKDB_LIBRARY", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ConfiguredPathExists_IsChosen()
    {
        var configured = Path.Combine(Root, "custom", "libduckdb.so");

        Assert.Equal(configured, DuckDbLibraryResolver.Locate(configured, _ => true));
    }

    [Fact]
    public void Locate_NoVariable_LeavesItToTheRuntimesProbing()
    {
        Assert.Null(DuckDbLibraryResolver.Locate(null, _ => true));
        Assert.Null(DuckDbLibraryResolver.Locate("  ", _ => true));
    }

    [Fact]
    public void BuildOutput_CarriesThePackagedLibraryForThisPlatform()
    {
        // The package's native assets are copied under runtimes/<rid>/native/ of every referencing project's output.
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        var found = Directory.Exists(runtimes)
            ? Directory.GetFiles(runtimes, DuckDbLibraryResolver.FileName, SearchOption.AllDirectories)
            : [];

        Assert.NotEmpty(found);
    }

    [Fact]
    public void LibraryVersion_LoadedLibrary_IsThePinnedRelease()
    {
        Assert.Equal("v1.5.6", DuckDbDatabase.LibraryVersion);
    }
}
