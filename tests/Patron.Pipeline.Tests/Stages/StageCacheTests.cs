using Patron.Pipeline.Stages;

namespace Patron.Pipeline.Tests.Stages;

public sealed class StageCacheTests
{
    [Fact]
    public void IsFresh_RememberedKeyAndOutputsExist_True()
    {
        using var folder = new TempFolder();
        var output = folder.File("metrics.json");
        File.WriteAllText(output, "{}");
        new StageCache(folder.Path, force: false).Remember("models", "k1");

        var cache = new StageCache(folder.Path, force: false);

        Assert.True(cache.IsFresh("models", "k1", output));
        Assert.False(cache.IsFresh("models", "k2", output));
        Assert.False(cache.IsFresh("features", "k1", output));
    }

    [Fact]
    public void IsFresh_OutputMissingOrForced_False()
    {
        using var folder = new TempFolder();
        new StageCache(folder.Path, force: false).Remember("models", "k1");

        Assert.False(new StageCache(folder.Path, force: false).IsFresh("models", "k1", folder.File("gone.csv")));
        Assert.True(new StageCache(folder.Path, force: false).IsFresh("models", "k1", folder.Path));
        Assert.False(new StageCache(folder.Path, force: true).IsFresh("models", "k1"));
    }

    [Fact]
    public void Forget_StageRedoneOnNextRun()
    {
        using var folder = new TempFolder();
        var cache = new StageCache(folder.Path, force: false);
        cache.Remember("ingest", "a");
        cache.Remember("models", "b");

        cache.Forget("models");

        var reread = new StageCache(folder.Path, force: false);
        Assert.True(reread.IsFresh("ingest", "a"));
        Assert.False(reread.IsFresh("models", "b"));
    }

    [Fact]
    public void Hash_PartsLengthPrefixed_BoundariesMatter()
    {
        Assert.NotEqual(StageCache.Hash("ab", "c"), StageCache.Hash("a", "bc"));
        Assert.Equal(StageCache.Hash("ab", "c"), StageCache.Hash("ab", "c"));
        Assert.Equal(64, StageCache.Hash("x").Length);
    }

    [Fact]
    public void HashInput_FolderContentOrName_ChangesHash()
    {
        using var folder = new TempFolder();
        var input = folder.Folder("shop");
        File.WriteAllText(Path.Combine(input, "a.csv"), "x,y\n1,2\n");
        var first = StageCache.HashInput(input);

        Assert.Equal(first, StageCache.HashInput(input));
        File.WriteAllText(Path.Combine(input, "a.csv"), "x,y\n1,3\n");
        var edited = StageCache.HashInput(input);
        Assert.NotEqual(first, edited);
        File.Move(Path.Combine(input, "a.csv"), Path.Combine(input, "b.csv"));
        Assert.NotEqual(edited, StageCache.HashInput(input));
        Assert.Throws<FileNotFoundException>(() => StageCache.HashInput(folder.File("missing")));
    }
}
