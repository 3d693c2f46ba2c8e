using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using BackCare.Domain;
using NRules.Fluent.Dsl;
using NRules.RuleModel;

namespace BackCare.Rules;

/// <summary>
/// Reads a rule's NRules rule model: its conditions and actions as text, the questions it reads and the thresholds it uses.
/// What the catalogue, the review sheet and the rule set's hash say of a rule's logic comes from here, so it cannot drift from the rule.
/// </summary>
internal static class RuleModelReader
{
    /// <summary>Each group of answers the rules match, by its JSON name in the assessment request (<c>redFlags</c>).</summary>
    private static readonly Dictionary<Type, string> AnswerGroups = typeof(AssessmentRequest).GetProperties()
        .ToDictionary(p => p.PropertyType, p => Camel(p.Name));

    /// <summary>The rule's conditions (left-hand side) and actions (right-hand side), one line each, in the order NRules holds them.</summary>
    public static (IReadOnlyList<string> Conditions, IReadOnlyList<string> Actions) Text(IRuleDefinition rule) =>
        (Expressions(rule.LeftHandSide).Select(Text).ToArray(), rule.RightHandSide.Actions.Select(a => Text(a.Expression)).ToArray());

    /// <summary>The JSON paths of the answers the rule reads, in the order it first reads them.</summary>
    public static IReadOnlyList<string> Questions(IRuleDefinition rule) =>
        Members(rule).Where(m => m.DeclaringType is { } t && AnswerGroups.ContainsKey(t))
            .Select(m => $"{AnswerGroups[m.DeclaringType!]}.{Camel(m.Name)}").Distinct().ToArray();

    /// <summary>The thresholds the rule compares with, by their name in triage.json, with their values.</summary>
    public static IReadOnlyDictionary<string, int> Parameters(IRuleDefinition rule, Thresholds thresholds)
    {
        var values = Values(thresholds);
        return Members(rule).Where(m => m.DeclaringType == typeof(Thresholds)).Select(m => Camel(m.Name)).Distinct()
            .ToDictionary(name => name, name => values[name], StringComparer.Ordinal);
    }

    /// <summary>Every threshold by its name in triage.json.</summary>
    public static IReadOnlyDictionary<string, int> Values(Thresholds thresholds) =>
        typeof(Thresholds).GetProperties().ToDictionary(p => Camel(p.Name), p => (int)p.GetValue(thresholds)!, StringComparer.Ordinal);

    private static IEnumerable<MemberInfo> Members(IRuleDefinition rule)
    {
        var finder = new MemberFinder();
        foreach (var expression in Expressions(rule.LeftHandSide).Concat(rule.RightHandSide.Actions.Select(a => a.Expression)))
        {
            finder.Visit(expression);
        }

        return finder.Members;
    }

    /// <summary>Every expression of the left-hand side, depth first: pattern conditions and the bindings of <c>Let</c>.</summary>
    private static IEnumerable<LambdaExpression> Expressions(RuleElement element) => element switch
    {
        GroupElement group => group.ChildElements.SelectMany(Expressions),
        PatternElement pattern => (pattern.Source is { } source ? Expressions(source) : []).Concat(pattern.Expressions.Select(e => e.Expression)),
        ExpressionElement expression => [expression.Expression],
        NotElement not => Expressions(not.Source),
        ExistsElement exists => Expressions(exists.Source),
        AggregateElement aggregate => Expressions(aggregate.Source).Concat(aggregate.Expressions.Select(e => e.Expression)),
        ForAllElement all => new[] { all.BasePattern }.Concat(all.Patterns).SelectMany(Expressions),
        _ => throw new NotSupportedException($"A rule element of type {element.ElementType} is not read by the rule set."),
    };

    /// <summary>
    /// The expression as C#-like text, with the rule's own data (its criterion, the thresholds) named as in the rule class rather than
    /// as the compiler's hidden fields: the text changes when the rule's logic does, and not with how the compiler names things.
    /// </summary>
    private static string Text(LambdaExpression expression) => new RuleDataNamer().Visit(expression).ToString();

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary><c>value(CaudaEquina).&lt;criterion&gt;P</c> → <c>criterion</c>.</summary>
    private sealed class RuleDataNamer : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression is ConstantExpression { Value: Rule }
                ? Expression.Parameter(node.Type, node.Member.Name.Trim('<').Split('>')[0])
                : base.VisitMember(node);
    }

    private sealed class MemberFinder : ExpressionVisitor
    {
        public List<MemberInfo> Members { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            Members.Add(node.Member);
            return base.VisitMember(node);
        }
    }
}
