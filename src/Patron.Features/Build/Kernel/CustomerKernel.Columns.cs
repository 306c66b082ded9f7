using Patron.Features.Registry;

namespace Patron.Features.Build.Kernel;

internal sealed partial class CustomerKernel
{
    /// <summary>Registry positions of the columns the kernel writes, resolved once by name and type.</summary>
    private sealed class Columns
    {
        public readonly int Orders = I("orders"), GrossRevenue = R("gross_revenue"), ReturnedAmount = R("returned_amount"),
            NetRevenue = R("net_revenue"), Items = R("items"), AverageOrderValue = R("avg_order_value"), GapMean = R("gap_mean_days"),
            GapStd = R("gap_std_days"), DaysSinceFirst = I("days_since_first_order"), DaysSinceLast = I("days_since_last_order"),
            Tenure = I("tenure_days"), OrdersPerWeek = R("orders_per_week"), ReturnOrders = I("return_orders"),
            ReturnRate = R("return_rate"), DiscountShare = R("discount_order_share");

        public readonly int[] PaymentShares = [R("payment_share_card"), R("payment_share_wallet"), R("payment_share_bank"),
            R("payment_share_voucher"), R("payment_share_other")];

        public readonly int DistinctCategories = I("distinct_categories"), DistinctBrands = I("distinct_brands"),
            FavouriteCategory = T("favourite_category"), FavouriteShare = R("favourite_category_share"),
            TopBrandShare = R("top_brand_share"), BrandHhi = R("brand_hhi"), CategoryEntropy = R("category_entropy");

        public readonly int[] Quarters = [R("spend_quarter_1"), R("spend_quarter_2"), R("spend_quarter_3"), R("spend_quarter_4")];

        public readonly int WeekendShare = R("weekend_share"), Night = R("hour_share_night"), Morning = R("hour_share_morning"),
            Afternoon = R("hour_share_afternoon"), Evening = R("hour_share_evening"), Orders7 = I("orders_7d"),
            Orders30 = I("orders_30d"), Orders90 = I("orders_90d"), Orders365 = I("orders_365d"), Spend7 = R("spend_7d"),
            Spend30 = R("spend_30d"), Spend90 = R("spend_90d"), Spend365 = R("spend_365d"), OrdersPrev90 = I("orders_prev_90d"),
            SpendPrev90 = R("spend_prev_90d"), OrderAcceleration = I("order_acceleration"), SpendAcceleration = R("spend_acceleration"),
            MonthlySlope = R("monthly_spend_slope"), MaxSpend30 = R("max_spend_30d");

        public readonly int ReviewCount = I("review_count"), ReviewScoreMean = R("review_score_mean"),
            LowReviewShare = R("low_review_share"), DeliveryDaysMean = R("delivery_days_mean"),
            DeliveryDelayMean = R("delivery_delay_mean"), InstallmentsMean = R("installments_mean");

        public readonly int SessionCount = I("session_count"), SessionDurationMean = R("session_duration_mean"),
            ViewsPerSession = R("views_per_session"), SessionPurchaseRate = R("session_purchase_rate"),
            DaysSinceLastSession = I("days_since_last_session");

        public readonly int AgeBand = T("age_band"), Country = T("country"), Channel = T("acquisition_channel"),
            EmailClass = T("email_domain_class"), RegistrationToFirst = I("days_registration_to_first_purchase");

        public readonly int AovTimesFrequency = R("aov_x_frequency"), ItemsPerOrder = R("items_per_order"), MarginShare = R("margin_share");

        private static int I(string name) => Index(name, FeatureType.Integer);

        private static int R(string name) => Index(name, FeatureType.Real);

        private static int T(string name) => Index(name, FeatureType.Category);
    }
}
