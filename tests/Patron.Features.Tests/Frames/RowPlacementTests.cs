using System.Text;
using Patron.Features.Frames;

namespace Patron.Features.Tests.Frames;

public sealed class RowPlacementTests
{
    [Fact]
    public void Take_KeysInTheirOrder_EachItsRowWithoutAMap()
    {
        var placement = new RowPlacement(["A", "B", "C"]);

        int[] rows = [placement.Take(Utf8("A")), placement.Take(Utf8("B")), placement.Take(Utf8("C"))];

        Assert.Equal([0, 1, 2], rows);
        Assert.True(placement.InOrder);
        Assert.Equal(3, placement.Placed);
    }

    [Fact]
    public void Take_KeysInAnyOrder_EachItsRow()
    {
        string[] keys = ["C0001", "C0002", "C0010", "Ä-long-" + new string('x', 300), "Ö", "Z"];
        var placement = new RowPlacement(keys);
        int[] order = [2, 0, 1, 5, 3, 4];

        var rows = order.Select(k => placement.Take(Utf8(keys[k]))).ToArray();

        Assert.Equal(order, rows);
        Assert.False(placement.InOrder);
        Assert.Equal(keys.Length, placement.Placed);
    }

    [Fact]
    public void Take_InOrderAfterAJump_FollowsTheKeyAfterTheLastOne()
    {
        var placement = new RowPlacement(["A", "B", "C", "D"]);

        int[] rows = [placement.Take(Utf8("C")), placement.Take(Utf8("D")), placement.Take(Utf8("A")), placement.Take(Utf8("B"))];

        Assert.Equal([2, 3, 0, 1], rows);
    }

    [Fact]
    public void Take_KeyNotAmongTheKeys_Refused()
    {
        var placement = new RowPlacement(["A", "B"]);
        placement.Take(Utf8("A"));

        var error = Assert.Throws<KeyNotFoundException>(() => placement.Take(Utf8("AB")));

        Assert.Contains("'AB'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, placement.Placed);
    }

    [Fact]
    public void Take_KeyTwice_RefusedInOrderAndOutOfOrder()
    {
        var inOrder = new RowPlacement(["A", "B"]);
        inOrder.Take(Utf8("A"));
        var outOfOrder = new RowPlacement(["A", "B", "C"]);
        outOfOrder.Take(Utf8("C"));
        outOfOrder.Take(Utf8("A"));

        Assert.Throws<InvalidOperationException>(() => inOrder.Take(Utf8("A")));
        Assert.Throws<InvalidOperationException>(() => outOfOrder.Take(Utf8("C")));
        Assert.Throws<InvalidOperationException>(() => outOfOrder.Take(Utf8("A")));
    }

    [Fact]
    public void Take_KeyThatNeverCame_PlacedCountsTheOthers()
    {
        var placement = new RowPlacement(["A", "B", "C"]);

        placement.Take(Utf8("C"));
        placement.Take(Utf8("A"));

        Assert.Equal(2, placement.Placed);
    }

    [Fact]
    public void New_EqualKeys_Refused()
    {
        Assert.Throws<ArgumentException>(() => new RowPlacement(["A", "A", "B"]));
        // Apart (not sorted): found when the first row out of order builds the map.
        var apart = new RowPlacement(["A", "B", "A"]);
        Assert.Throws<ArgumentException>(() => apart.Take(Utf8("B")));
    }

    [Fact]
    public void Take_ManyKeysShuffledWithNonAsciiIds_EachItsRowThenMissingAndRepeatedRefused()
    {
        // Enough keys that the table's slots collide and probe on (it is at most half full), ids of one to four UTF-8
        // bytes per character, surrogate pairs among them, and keys that are prefixes of others.
        var keys = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            keys.Add($"C{i:D6}");
            keys.Add($"C{i:D6}-Ä");
            keys.Add($"名前{i}");
            keys.Add($"\U0001F600{i}\u00E9");
        }

        keys.Sort(StringComparer.Ordinal);
        var placement = new RowPlacement([.. keys]);
        var order = Enumerable.Range(0, keys.Count).ToArray();
        new Random(17).Shuffle(order);

        var rows = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rows[i] = placement.Take(Utf8(keys[order[i]]));
        }

        Assert.Equal(order, rows);
        Assert.False(placement.InOrder);
        Assert.Equal(keys.Count, placement.Placed);
        Assert.Throws<KeyNotFoundException>(() => placement.Take(Utf8("C005000")));
        Assert.Throws<KeyNotFoundException>(() => placement.Take(Utf8("名前")));
        Assert.Throws<KeyNotFoundException>(() => placement.Take(Utf8("\U0001F600")));
        Assert.Throws<InvalidOperationException>(() => placement.Take(Utf8(keys[order[^1]])));
        Assert.Throws<InvalidOperationException>(() => placement.Take(Utf8("名前4999")));
        Assert.Equal(keys.Count, placement.Placed);
    }

    [Fact]
    public void Take_NoKeys_AnyKeyRefused()
    {
        var placement = new RowPlacement([]);

        Assert.Throws<KeyNotFoundException>(() => placement.Take(Utf8("A")));
        Assert.Equal(0, placement.Placed);
    }

    [Fact]
    public void New_EqualKeysFarApartAmongMany_RefusedWhenTheTableIsBuilt()
    {
        var keys = Enumerable.Range(0, 1_000).Select(i => $"K{i:D4}").ToList();
        keys.Add("K0500");
        var placement = new RowPlacement([.. keys]);

        var error = Assert.Throws<ArgumentException>(() => placement.Take(Utf8("K0999")));

        Assert.Contains("'K0500'", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string key) => Encoding.UTF8.GetBytes(key);
}
