using Patron.Learning.Rules;

namespace Patron.Learning.Tests.Rules;

public sealed class BasketSetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FromPairs_ShuffledPairs_SameAsBasketLists(int seed)
    {
        var random = new Random(seed);
        var lists = new List<int[]>();
        var keys = new List<int>();
        var items = new List<int>();
        for (var b = 0; b < 200; b++)
        {
            // Every third key has no item: dropped, so the baskets are the non-empty keys in key order.
            var basket = b % 3 == 0 ? [] : Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(30)).ToArray();
            lists.Add(basket);
            foreach (var item in basket)
            {
                keys.Add(b);
                items.Add(item);
            }
        }

        var order = Enumerable.Range(0, keys.Count).OrderBy(_ => random.Next()).ToArray();
        var shuffledKeys = order.Select(i => keys[i]).ToArray();
        var shuffledItems = order.Select(i => items[i]).ToArray();

        var expected = BasketSet.From(lists, 30);
        var dropped = BasketSet.FromPairs(shuffledKeys, shuffledItems, 200, 30, keepEmpty: false);
        var kept = BasketSet.FromPairs(shuffledKeys, shuffledItems, 200, 30, keepEmpty: true);

        Assert.Equal(expected.Count, dropped.Count);
        Assert.Equal(expected.Length, dropped.Length);
        for (var b = 0; b < expected.Count; b++)
        {
            Assert.Equal(expected[b].ToArray(), dropped[b].ToArray());
        }

        Assert.Equal(200, kept.Count);
        for (var b = 0; b < 200; b++)
        {
            Assert.Equal(lists[b].Distinct().Order().ToArray(), kept[b].ToArray());
        }
    }

    [Fact]
    public void FromPairs_KeyOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BasketSet.FromPairs([0, 5], [1, 1], 3, 2, keepEmpty: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => BasketSet.FromPairs([0, 1], [1, 2], 3, 2, keepEmpty: false));
    }
}
