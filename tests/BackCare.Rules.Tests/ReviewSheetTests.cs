namespace BackCare.Rules.Tests;

/// <summary>rules/REVIEW.md is what the loaded rule set generates; a stale sheet is rewritten and the test fails, so the change is committed.</summary>
public sealed class ReviewSheetTests
{
    [Fact]
    public void The_committed_review_sheet_is_the_one_the_rule_set_generates()
    {
        var path = Path.Combine(RepositoryRoot(), "rules", ReviewSheet.FileName);
        var generated = ReviewSheet.Write(RuleSessions.Shipped);
        var committed = File.Exists(path) ? File.ReadAllText(path) : "";

        if (committed != generated)
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(committed == generated, $"{path} was stale and has been regenerated: review it and commit it.");
    }

    [Fact]
    public void The_review_sheet_states_each_rule_with_its_source_and_the_exercises_it_excludes()
    {
        var sheet = ReviewSheet.Write(RuleSessions.Shipped);

        Assert.Contains("### CA-DISC: Known disc problem", sheet, StringComparison.Ordinal);
        Assert.Contains("| Excludes | Supine lumbar rotation (\"corkscrew\") (`supine-lumbar-rotation`), Seated thoracic twist (`seated-thoracic-twist`): Rotation can worsen a herniated or bulging disc. |", sheet, StringComparison.Ordinal);
        Assert.Contains("| Thresholds | `chronicPainDays` = 21 |", sheet, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 of the canonical rule set: `{RuleSessions.Shipped.Sha256}`", sheet, StringComparison.Ordinal);
        Assert.All(RuleSessions.Shipped.Rules, r => Assert.Contains(r.Source.Quote, sheet, StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BackCare.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BackCare.sln not found above " + AppContext.BaseDirectory);
    }
}
