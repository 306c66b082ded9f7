using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

internal sealed partial class ShopBlock
{
    private static readonly double[] FavouriteCountCumulative = [0.5, 0.8, 1.0];

    /// <summary>Share of purchases made in one of the customer's favourite categories.</summary>
    private const double FavouriteCategoryShare = 0.75;

    /// <summary>Share of purchases in the first favourite category that go to the favourite brand.</summary>
    private const double BrandLoyalty = 0.6;

    private const double PreferredPaymentShare = 0.8;

    /// <summary>Candidates drawn per purchase; the one priced closest to the basket value wins.</summary>
    private const int ProductCandidates = 6;

    private const double PriceNoise = 0.045;

    /// <summary>Mean days between a purchase and its return, after a minimum of one day.</summary>
    private const double ReturnDelayDays = 10.0;

    /// <summary>
    /// One customer's latent rates and attributes and their purchases over history and future window:
    /// the BG/NBD process (Fader, Hardie and Lee, "Counting your customers the easy way", Marketing Science 24(2),
    /// 2005): λ ~ Gamma(r, α), p ~ Beta(a, b), purchases at rate λ (modulated by the seasonal profile) and, after
    /// each repeat purchase, drop-out with probability p.
    /// </summary>
    private void SimulateCustomer(ref Xoshiro256StarStar rng, int local, int customer)
    {
        var context = _context;
        var options = context.Options;
        var catalog = context.Catalog;
        var registration = context.RegistrationOffsets[customer];
        _registrationDay[local] = (int)registration;
        var lambda = Sampling.Gamma(ref rng, options.PurchaseShape, 1.0 / options.PurchaseRateScale);
        var dropout = Sampling.Beta(ref rng, options.DropoutA, options.DropoutB);

        // Gamma-Gamma (Fader, Hardie and Lee, "RFM and CLV", 2005): ν ~ Gamma(q, γ), mean basket value p / ν.
        var nu = Sampling.Gamma(ref rng, options.SpendMixShape, 1.0 / options.SpendMixRate);
        var spendLevel = options.SpendShape / nu;
        _lambda[local] = lambda;
        _dropout[local] = dropout;
        _spendLevel[local] = spendLevel;
        _age[local] = (byte)Math.Clamp(Math.Round(39.0 + 13.0 * Sampling.StandardNormal(ref rng)), 18, 90);
        _country[local] = (byte)Sampling.FromCumulative(ref rng, context.CountryCumulative);
        _emailDomain[local] = (byte)Sampling.FromCumulative(ref rng, context.EmailDomainCumulative);
        _channel[local] = (byte)Sampling.FromCumulative(ref rng, context.ChannelCumulative);

        var favouriteCount = 1 + Sampling.FromCumulative(ref rng, FavouriteCountCumulative);
        var favourites = _favourites.AsSpan(local * FavouriteSlots, FavouriteSlots);
        var chosen = 0;
        for (var attempt = 0; chosen < favouriteCount && attempt < 20; attempt++)
        {
            var category = (byte)Sampling.FromCumulative(ref rng, catalog.CategoryPopularityCumulative);
            if (favourites[..chosen].IndexOf(category) < 0)
            {
                favourites[chosen++] = category;
            }
        }

        _favouriteCount[local] = (byte)chosen;
        var profile = new PurchaseProfile(
            favourites[0], favourites[Math.Min(1, chosen - 1)], favourites[chosen - 1], chosen,
            catalog.PickBrand(ref rng, favourites[0]),
            (byte)Sampling.FromCumulative(ref rng, context.PaymentCumulative),
            spendLevel);

        _baseStart[local] = _base.Count;
        _futureStart[local] = _future.Count;
        _futureOrders[local] = 0;
        _futureSpend[local] = 0.0;
        var horizon = context.HorizonDays;
        var dropoutAt = double.NaN;
        var first = registration + Sampling.Exponential(ref rng, 1.0 / options.RegistrationDelayDays);
        first = Math.Floor(first) + (Sampling.FromCumulative(ref rng, context.HourCumulative) + rng.NextDouble()) / 24.0;
        _firstPurchase[local] = first;
        if (first < horizon)
        {
            if (first < context.HistoryDays)
            {
                SessionTally.FirstOrders++;
            }

            AddPurchase(ref rng, local, customer, first, in profile);
            var candidateRate = lambda * context.Seasonality.Peak;
            var t = first;
            while (true)
            {
                t += Sampling.Exponential(ref rng, candidateRate);
                if (!(t < horizon))
                {
                    break;
                }

                if (rng.NextDouble() >= context.Seasonality.Acceptance(t))
                {
                    continue;
                }

                AddPurchase(ref rng, local, customer, t, in profile);
                if (rng.NextDouble() < dropout)
                {
                    dropoutAt = t;
                    break;
                }
            }
        }

        _baseEnd[local] = _base.Count;
        _futureEnd[local] = _future.Count;
        SortByTime(_base.AsSpan(_baseStart[local], _baseEnd[local] - _baseStart[local]));
        var droppedInHistory = dropoutAt < context.HistoryDays;
        _dropoutDay[local] = droppedInHistory ? (int)dropoutAt : -1;
        _dropoutAt[local] = dropoutAt;
        AddBrowseExposure(lambda, registration, dropoutAt);
    }

    private void AddPurchase(ref Xoshiro256StarStar rng, int local, int customer, double time, in PurchaseProfile profile)
    {
        var context = _context;
        var options = context.Options;
        var catalog = context.Catalog;
        var quantity = 1 + Sampling.FromCumulative(ref rng, context.QuantityCumulative);
        var sigma = options.BasketSigma;
        var basket = Sampling.LogNormal(ref rng, Math.Log(profile.SpendLevel) - 0.5 * sigma * sigma, sigma);
        var targetLogPrice = Math.Log(basket / quantity);

        // Each candidate draws its category from the customer's preferences and its product by popularity; the one
        // priced closest to the basket wins, so baskets follow the spend level while loyalty and popularity still show.
        var product = -1;
        var bestDistance = double.MaxValue;
        for (var k = 0; k < ProductCandidates; k++)
        {
            int category;
            if (rng.NextDouble() < FavouriteCategoryShare)
            {
                category = profile.Count == 1 || rng.NextDouble() < 0.6
                    ? profile.First
                    : (profile.Count == 2 || rng.NextDouble() < 0.5 ? profile.Second : profile.Third);
            }
            else
            {
                category = Sampling.FromCumulative(ref rng, catalog.CategoryPopularityCumulative);
            }

            var candidate = category == profile.First && rng.NextDouble() < BrandLoyalty
                ? catalog.PickInBrand(ref rng, profile.Brand)
                : catalog.PickInCategory(ref rng, category);
            var distance = Math.Abs(catalog.LogBasePrice[candidate] - targetLogPrice);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                product = candidate;
            }
        }

        var price = NaturalPrice(ref rng, catalog.BaseCents[product]);
        var discount = rng.NextDouble() < options.DiscountShare
            ? (byte)Catalog.ShopVocabulary.DiscountHundredths[rng.NextInt(Catalog.ShopVocabulary.DiscountHundredths.Length)]
            : (byte)0;
        var payment = rng.NextDouble() < PreferredPaymentShare
            ? profile.Payment
            : (byte)Sampling.FromCumulative(ref rng, context.PaymentCumulative);
        var inHistory = time < context.HistoryDays;
        var list = inHistory ? _base : _future;
        var purchaseIndex = list.Count;
        ref var row = ref list.Add();
        row.Timestamp = context.FirstSecond + (long)(time * 86_400.0);
        row.CustomerNumber = customer + 1;
        row.ProductNumber = product + 1;
        row.PriceCents = price;
        row.Quantity = (short)quantity;
        row.DiscountHundredths = discount;
        row.Payment = payment;
        row.Kind = RowKind.Purchase;
        if (inHistory)
        {
            SessionTally.Orders++;
        }
        else
        {
            SessionTally.FutureOrders++;
        }

        if (!inHistory)
        {
            _futureOrders[local]++;
            _futureSpend[local] += quantity * (price / 100.0) * (1.0 - discount / 100.0);
        }

        if (!(rng.NextDouble() < options.ReturnRate))
        {
            return;
        }

        var returnTime = time + 1.0 + Sampling.Exponential(ref rng, 1.0 / ReturnDelayDays);
        var returned = -(1 + rng.NextInt(quantity));
        if (!(returnTime < context.HorizonDays))
        {
            return;
        }

        var returnInHistory = returnTime < context.HistoryDays;
        if (returnInHistory)
        {
            // Only a history return marks its purchase: the purchase must then stay free of injected defects.
            list[purchaseIndex].Returned = true;
        }

        ref var back = ref (returnInHistory ? _base : _future).Add();
        back = list[purchaseIndex];
        back.Returned = false;
        back.Timestamp = context.FirstSecond + (long)(returnTime * 86_400.0);
        back.Quantity = (short)returned;
        back.Kind = RowKind.Return;
    }

    /// <summary>Unit price = base price × (1 + noise within ±4.5 %), at least one cent: rounding stays inside ±5 %.</summary>
    private static int NaturalPrice(ref Xoshiro256StarStar rng, int baseCents) =>
        Math.Max(1, (int)Math.Round(baseCents * (1.0 + PriceNoise * (2.0 * rng.NextDouble() - 1.0))));

    private static void SortByTime(Span<TransactionRow> rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            var row = rows[i];
            var k = i - 1;
            while (k >= 0 && rows[k].Timestamp > row.Timestamp)
            {
                rows[k + 1] = rows[k];
                k--;
            }

            rows[k + 1] = row;
        }
    }

    /// <summary>The per-customer preferences a purchase is drawn from.</summary>
    private readonly record struct PurchaseProfile(
        int First, int Second, int Third, int Count, int Brand, byte Payment, double SpendLevel);
}
