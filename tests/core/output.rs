//! The `-o` formats as the CLI prints them.

use keymint::core::output::{parse_output_flag, render, OutputError, OutputFormat};
use keymint::core::response::ApiKeyUserDetails;

fn key() -> ApiKeyUserDetails {
    crate::common::parity_key()
}

#[test]
fn default_is_the_cli_text_exactly() {
    assert_eq!(
        render(&OutputFormat::Default, &key()).unwrap(),
        "API Key '6a793fbd2c88faeba59bd3b1' created.\nPublic API Key flezioeg\nPrivate API Key 754c8808-0ba8-4153-8eea-85daa09d408a\n"
    );
}

#[test]
fn json_is_two_space_indented_in_api_field_order_with_go_escaping() {
    let out = render(&OutputFormat::Json, &key()).unwrap();
    assert!(
        out.starts_with(
            "{\n  \"desc\": \"ci \\u003cdeploys\\u003e \\u0026 \\\"billing\\\"\",\n  \"id\": "
        ),
        "{out}"
    );
    assert!(out.ends_with("}\n"));
    let order: Vec<usize> = [
        "\"desc\"",
        "\"id\"",
        "\"links\"",
        "\"privateKey\"",
        "\"publicKey\"",
        "\"roles\"",
    ]
    .iter()
    .map(|k| out.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    let back: ApiKeyUserDetails = serde_json::from_str(&out).unwrap();
    assert_eq!(back, key());
}

#[test]
fn json_path_prints_json_values_like_the_cli() {
    let r = |e: &str| render(&OutputFormat::JsonPath(e.into()), &key());
    assert_eq!(r("$.publicKey").unwrap(), "\"flezioeg\"\n");
    assert_eq!(
        r("$.roles[*].roleName").unwrap(),
        "[\"ORG_MEMBER\",\"GROUP_READ_ONLY\",\"GROUP_DATA_ACCESS_READ_ONLY\"]\n"
    );
    assert_eq!(
        r("$.roles[1].groupId").unwrap(),
        "\"b0123456789abcdef012345b\"\n"
    );
    assert_eq!(
        r("$.roles[?@.roleName == 'ORG_MEMBER'].orgId").unwrap(),
        "[\"a0123456789abcdef012345a\"]\n"
    );
    assert!(matches!(
        r("$.nope"),
        Err(OutputError::JsonPathNoMatch { .. })
    ));
    let bad = r("$.roles[").unwrap_err();
    assert!(matches!(bad, OutputError::JsonPathSyntax { .. }));
    assert!(
        bad.message().contains("position") || bad.message().chars().any(|c| c.is_ascii_digit()),
        "{}",
        bad.message()
    );
}

#[test]
fn go_templates_render_the_cli_field_names() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(t("{{.PublicKey}}/{{len .Roles}}").unwrap(), "flezioeg/3");
    assert_eq!(
        t("{{range .Roles}}{{.RoleName}},{{end}}").unwrap(),
        "ORG_MEMBER,GROUP_READ_ONLY,GROUP_DATA_ACCESS_READ_ONLY,"
    );
    let file = OutputFormat::GoTemplateFile {
        name: "t.tmpl".into(),
        text: "{{.Id}}".into(),
    };
    assert_eq!(render(&file, &key()).unwrap(), "6a793fbd2c88faeba59bd3b1");
}

#[test]
fn hostile_templates_give_errors_not_hangs_or_panics() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert!(matches!(
        t(r#"{{define "a"}}{{template "a"}}{{end}}{{template "a"}}"#),
        Err(OutputError::TemplateRefused { .. })
    ));
    let deep = "{{range .Roles}}".repeat(4) + &"{{end}}".repeat(4);
    assert!(matches!(t(&deep), Err(OutputError::TemplateRefused { .. })));
    assert!(matches!(
        t(&"x".repeat(20_000)),
        Err(OutputError::TemplateRefused { .. })
    ));
    let big = format!("{{{{range .Roles}}}}{{{{range $.Roles}}}}{{{{range $.Roles}}}}{}{{{{end}}}}{{{{end}}}}{{{{end}}}}", "y".repeat(4000));
    assert_eq!(t(&big), Err(OutputError::OutputTooLarge));
    assert!(t("{{.Missing}}").is_err());
    assert!(t("{{if}}").is_err());
    // As Go: range's else runs only when there is nothing to range over; printf's 0 flag pads with zeros.
    let roles = t("{{range .Roles}}{{.RoleName}} {{else}}no roles{{end}}").unwrap();
    assert!(
        roles.contains("ORG_MEMBER") && !roles.contains("no roles"),
        "{roles}"
    );
    let mut no_links = key();
    no_links.links.clear();
    let links = "{{range .Links}}{{.Rel}}{{else}}no links{{end}}";
    assert_eq!(
        render(&OutputFormat::GoTemplate(links.into()), &no_links).unwrap(),
        "no links"
    );
    assert_eq!(t(links).unwrap(), "self");
    assert_eq!(
        t(r#"{{printf "%03d|%-4d|%4d" 7 7 7}}"#).unwrap(),
        "007|7   |   7"
    );
    // Mangled templates: every prefix of a rich template parses or fails, never panics.
    let rich = r#"{{- range $i, $r := .Roles}}{{if and (gt (len $r.RoleName) 3) $r.GroupId}}{{printf "%d:%s" $i $r.RoleName | html}}{{else}}{{index $.Links 0}}{{end}}{{end -}}"#;
    for end in 0..rich.len() {
        if rich.is_char_boundary(end) {
            let _ = t(&rich[..end]);
            let _ = t(&rich[end..]);
        }
    }
}

#[test]
fn braces_inside_strings_raw_strings_and_comments_do_not_end_an_action() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(t(r#"<{{"}}"}}>"#).unwrap(), "<}}>");
    assert_eq!(t("<{{`}}`}}>").unwrap(), "<}}>");
    assert_eq!(t("<{{/* }} */}}>").unwrap(), "<>");
    assert_eq!(
        t("<{{/* a }}*/}}>").unwrap(),
        "<>",
        "a comment ending in braces"
    );
    assert_eq!(t(r#"<{{printf "%c" '}'}}>"#).unwrap(), "<}>");
    assert_eq!(
        t(r#"<{{"a\"}}\\b\tc"}}>"#).unwrap(),
        "<a\"}}\\b\tc>",
        "escapes inside a string"
    );
    assert_eq!(
        t(r#"<{{"x\\"}}|{{printf "%c" '\\'}}>"#).unwrap(),
        r"<x\|\>",
        "an escaped backslash right before the closing quote"
    );
}

#[test]
fn character_constants_render_as_go_prints_them() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(t(r#"<{{printf "%c%c%c" 'é' 'x' '}'}}>"#).unwrap(), "<éx}>");
    assert_eq!(
        t(r#"<{{printf "%c|%c|%c|%c" '\t' '\\' '\'' '"'}}>"#).unwrap(),
        "<\t|\\|'|\">"
    );
    assert_eq!(t(r#"<{{printf "%c%c" '🔑' '\n'}}>"#).unwrap(), "<🔑\n>");
    let malformed = Err(OutputError::Template {
        message: "line 1: malformed character constant".into(),
    });
    for bad in [
        r"{{'\q'}}",
        "{{'''}}",
        "{{'\n'}}",
        r"{{'\'}}",
        "{{''}}",
        "{{'",
        "{{'a",
    ] {
        assert_eq!(t(bad), malformed, "{bad:?}");
    }
}

#[test]
fn raw_strings_render_and_only_a_backslash_inside_one_is_refused() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(t("<{{`ab`}}{{`c`}}>").unwrap(), "<abc>");
    assert_eq!(
        t(r#"<{{`ab`}}{{"\\"}}>"#).unwrap(),
        "<ab\\>",
        "the backslash is outside the raw string"
    );
}

#[test]
fn blocks_one_after_another_are_not_nesting() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    let sequential = "{{if 1}}a{{end}}".repeat(12) + &"{{with .Id}}b{{end}}".repeat(12);
    assert_eq!(t(&sequential).unwrap(), "a".repeat(12) + &"b".repeat(12));
    let ranges = "{{range .Roles}}r{{end}}".repeat(5);
    assert_eq!(t(&ranges).unwrap(), "r".repeat(15));
}

#[test]
fn html_js_and_urlquery_join_their_arguments_as_go_sprint_does() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    // Spaces only between two operands that are both not strings.
    assert_eq!(
        t(r#"{{html 1 2}}|{{html "a" 1}}|{{html 1 "a"}}|{{html "a" "b"}}|{{html 1 "a" 2 3}}"#)
            .unwrap(),
        "1 2|a1|1a|ab|1a2 3"
    );
    assert_eq!(
        t(r#"{{urlquery 1 2 "x y"}}|{{js 1 2 3}}"#).unwrap(),
        "1+2x+y|1 2 3"
    );
}

#[test]
fn exactly_the_block_nesting_limit_runs_and_one_more_is_refused() {
    use keymint::core::go_template::BLOCK_MAX_NESTING;
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    let nested = |n: usize| "{{if .Id}}".repeat(n) + "x" + &"{{end}}".repeat(n);
    assert_eq!(t(&nested(BLOCK_MAX_NESTING)).unwrap(), "x");
    assert_eq!(
        t(&nested(BLOCK_MAX_NESTING + 1)),
        Err(OutputError::TemplateRefused {
            why: format!("more than {BLOCK_MAX_NESTING} nested if, with or range actions")
        })
    );
}

#[test]
fn output_of_exactly_the_limit_is_produced() {
    use keymint::core::go_template::OUTPUT_MAX_BYTES;
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    let rest = OUTPUT_MAX_BYTES - 60_000;
    let exact = format!(r#"{{{{printf "%60000s" "x"}}}}{{{{printf "%{rest}s" "y"}}}}"#);
    assert_eq!(t(&exact).map(|o| o.len()), Ok(OUTPUT_MAX_BYTES));
    let one_more = format!(
        r#"{{{{printf "%60000s" "x"}}}}{{{{printf "%{}s" "y"}}}}"#,
        rest + 1
    );
    assert_eq!(t(&one_more), Err(OutputError::OutputTooLarge));
}

#[test]
fn html_and_js_escape_what_go_escapes_in_a_description() {
    let mut k = key();
    k.desc = "it's <b>&\"\0".into();
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &k);
    assert_eq!(
        t("{{html .Desc}}").unwrap(),
        "it&#39;s &lt;b&gt;&amp;&#34;\u{FFFD}"
    );
    k.desc = "a\u{1}\u{7f}\u{85}=\\é \u{a0}\u{2028}".into();
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &k);
    assert_eq!(
        t("{{js .Desc}}").unwrap(),
        "a\\u0001\u{7f}\\u0085\\u003D\\\\é \\u00A0\\u2028",
        "as Go's JSEscapeString: DEL as it is"
    );
}

#[test]
fn json_escapes_line_and_paragraph_separators_as_go_does() {
    let mut k = key();
    k.desc = "a\u{2028}b\u{2029}c".into();
    let out = render(&OutputFormat::Json, &k).unwrap();
    assert!(out.contains(r#""desc": "a\u2028b\u2029c""#), "{out}");
}

#[test]
fn an_empty_value_after_the_equals_sign_falls_back_with_a_notice() {
    for flag in ["json-path=", "go-template=", "go-template-file="] {
        let (format, notice) = parse_output_flag(flag);
        assert_eq!(format, OutputFormat::Default, "{flag}");
        assert!(
            notice.is_some_and(|n| n.contains("showing the default text")),
            "{flag}"
        );
    }
    let (format, notice) = parse_output_flag("go-template-file=t.tmpl");
    assert_eq!(
        format,
        OutputFormat::GoTemplateFile {
            name: "t.tmpl".into(),
            text: String::new()
        }
    );
    assert_eq!(
        notice.as_deref(),
        Some("A go-template-file is read from the file you pick below.")
    );
}

#[test]
fn any_path_that_can_select_several_values_prints_a_list_even_of_one() {
    let k = key();
    let p = |e: &str| render(&OutputFormat::JsonPath(e.into()), &k).unwrap();
    assert_eq!(p("$.publicKey"), "\"flezioeg\"\n");
    assert_eq!(p("$.roles[0].roleName"), "\"ORG_MEMBER\"\n");
    for several in [
        "$.roles[*].groupId",
        "$..publicKey",
        "$.roles[?@.roleName=='ORG_MEMBER'].roleName",
        "$.roles[0:1].roleName",
        "$['publicKey','nothing']",
    ] {
        assert!(p(several).starts_with('['), "{several}: {}", p(several));
    }
}

#[test]
fn an_empty_or_plain_template_renders_as_it_is() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(t(""), Ok(String::new()));
    assert_eq!(t("a"), Ok("a".to_string()));
    assert_eq!(t("a } b"), Ok("a } b".to_string()));
}

#[test]
fn a_lone_closing_brace_does_not_end_an_action() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    // The scan goes on past a lone brace, and still finds the string left open after it.
    assert_eq!(
        t(r#"{{ } "abc}}"#),
        Err(OutputError::Template {
            message: "line 1: unterminated quoted string".into()
        })
    );
    assert!(
        matches!(t("{{.Id }x}}"), Err(OutputError::Template { .. })),
        "{:?}",
        t("{{.Id }x}}")
    );
}

#[test]
fn a_malformed_action_is_refused_with_its_line_and_what_is_wrong() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    let failed = |message: &str| {
        Err(OutputError::Template {
            message: message.into(),
        })
    };
    assert_eq!(t("{{.Id"), failed("line 1: unclosed action"));
    assert_eq!(
        t("a\n\nb{{\"abc}}"),
        failed("line 3: unterminated quoted string")
    );
    assert_eq!(
        t("{{\"\\q\"}}"),
        failed("line 1: unknown escape in a quoted string")
    );
    assert_eq!(t("\n{{`a}}"), failed("line 2: unterminated raw string"));
    assert_eq!(
        t("{{`a\\b`}}"),
        failed("line 1: a backslash inside a raw string is not supported")
    );
    assert_eq!(
        t("{{'ab'}}"),
        failed("line 1: malformed character constant")
    );
    assert_eq!(t("{{/* }}"), failed("line 1: unclosed comment"));
}

#[test]
fn output_up_to_the_limit_is_produced_and_past_it_stopped() {
    let t = |s: &str| render(&OutputFormat::GoTemplate(s.into()), &key());
    assert_eq!(
        t(r#"{{printf "%60000s" "x"}}"#).map(|o| o.len()),
        Ok(60_000)
    );
    let three = r#"{{range .Roles}}{{printf "%30000s" "x"}}{{end}}"#;
    assert_eq!(
        t(three),
        Err(OutputError::OutputTooLarge),
        "3 x 30,000 bytes"
    );
}

#[test]
fn output_flags_fall_back_to_default_with_a_notice() {
    assert_eq!(parse_output_flag("json"), (OutputFormat::Json, None));
    assert_eq!(
        parse_output_flag("json-path=$.id").0,
        OutputFormat::JsonPath("$.id".into())
    );
    assert_eq!(
        parse_output_flag("go-template={{.Id}}").0,
        OutputFormat::GoTemplate("{{.Id}}".into())
    );
    for bare in ["json-path", "go-template", "yaml", "go-template="] {
        let (f, notice) = parse_output_flag(bare);
        assert_eq!(f, OutputFormat::Default, "{bare}");
        assert!(notice.unwrap().contains("default"), "{bare}");
    }
}

/// gtmpl's lexer hangs or panics on some malformed templates (a trailing "{{-", an unclosed string
/// inside an action, a backslash in a raw string); Keymint refuses those first. This replays a
/// deterministic random mix of template tokens: a hang or a panic here would kill the page.
#[test]
fn random_token_soup_never_hangs_or_panics() {
    let toks = [
        "{{",
        "}}",
        "{{-",
        "-}}",
        "-",
        " ",
        ".",
        "Roles",
        "range",
        "end",
        "$",
        "x",
        "\"",
        "(",
        ")",
        "|",
        "else",
        "if",
        ":=",
        "/*",
        "*/",
        "`",
        "'",
        "\\",
        "0",
        "printf",
        ",",
        "index",
        "len",
        "with",
        "nil",
        "true",
        "1e",
        "0x",
        "\n",
        "\"\\x41\"",
        "'\\n'",
        "$x :=",
        "PublicKey",
    ];
    let key = key();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..(state % 9 + 1) {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            s.push_str(toks[((state >> 33) % toks.len() as u64) as usize]);
        }
        let _ = render(&OutputFormat::GoTemplate(s), &key);
    }
}

#[test]
fn long_or_deeply_nested_expressions_are_refused_before_parsing() {
    use keymint::core::bounds::{check_expression, BoundsError, EXPRESSION_MAX_NESTING};
    let deep_path = format!("$.{}", "[".repeat(1_000));
    assert_eq!(check_expression(&deep_path), Err(BoundsError::TooDeep));
    let r = render(&OutputFormat::JsonPath(deep_path), &key());
    assert!(
        matches!(&r, Err(OutputError::JsonPathRefused { why }) if why.contains("32 levels")),
        "{r:?}"
    );
    let long_path = format!("$.{}", "a".repeat(5000));
    assert!(matches!(
        render(&OutputFormat::JsonPath(long_path), &key()),
        Err(OutputError::JsonPathRefused { .. })
    ));
    // Deep parentheses and nested if blocks in a template: refused, not a stack overflow.
    let parens = format!("{{{{{}1{}}}}}", "(".repeat(200), ")".repeat(200));
    assert!(matches!(
        render(&OutputFormat::GoTemplate(parens), &key()),
        Err(OutputError::TemplateRefused { .. })
    ));
    let ifs = "{{if .Id}}".repeat(EXPRESSION_MAX_NESTING + 1)
        + &"{{end}}".repeat(EXPRESSION_MAX_NESTING + 1);
    assert!(matches!(
        render(&OutputFormat::GoTemplate(ifs), &key()),
        Err(OutputError::TemplateRefused { .. })
    ));
    // Within the limits, both still work.
    let nested = "$['roles'][0]['roleName']";
    assert!(render(&OutputFormat::JsonPath(nested.into()), &key()).is_ok());
    assert!(check_expression(&"(".repeat(EXPRESSION_MAX_NESTING)).is_ok());
}

#[test]
fn only_plain_text_and_json_from_a_profile_run_before_the_user_chooses_them() {
    use keymint::core::output::runs_without_asking;
    assert!(runs_without_asking(&OutputFormat::Default));
    assert!(runs_without_asking(&OutputFormat::Json));
    assert!(!runs_without_asking(&OutputFormat::JsonPath("$.id".into())));
    assert!(!runs_without_asking(&OutputFormat::GoTemplate(
        "{{.Id}}".into()
    )));
}

#[test]
fn the_limits_are_exact_and_say_why_in_words() {
    use keymint::core::bounds::{
        check_expression, BoundsError, EXPRESSION_MAX_BYTES, EXPRESSION_MAX_NESTING,
    };
    assert_eq!((EXPRESSION_MAX_BYTES, EXPRESSION_MAX_NESTING), (4096, 32));
    assert!(check_expression(&"a".repeat(4096)).is_ok());
    let over = check_expression(&"a".repeat(4097)).unwrap_err();
    assert_eq!(over, BoundsError::TooLarge { bytes: 4097 });
    assert_eq!(
        over.why(),
        "it is 4097 bytes long; at most 4 KiB is accepted"
    );
    assert_eq!(
        BoundsError::TooDeep.why(),
        "it nests brackets or actions more than 32 levels deep"
    );
    // Depth is nesting, not count: closed brackets give their level back.
    assert!(check_expression(&"[()]".repeat(500)).is_ok());
    assert!(check_expression(&"[".repeat(32)).is_ok());
    assert_eq!(check_expression(&"[".repeat(33)), Err(BoundsError::TooDeep));
    // A template's `{{` is one level, not two; a single brace is one too.
    assert!(check_expression(&"{{".repeat(32)).is_ok());
    assert_eq!(
        check_expression(&"{{".repeat(33)),
        Err(BoundsError::TooDeep)
    );
    assert_eq!(
        check_expression(&"{ ".repeat(33)),
        Err(BoundsError::TooDeep)
    );
    assert!(check_expression(&format!("{}{}", "{{(".repeat(16), "}}".repeat(16))).is_ok());
    // More closers than openers never go below zero.
    assert!(check_expression(&format!("{}{}", "]".repeat(50), "[".repeat(32))).is_ok());
}
