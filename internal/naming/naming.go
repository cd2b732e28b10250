// Package naming derives every Azure resource name in the program.
//
// A name is built from a Cloud Adoption Framework (CAF) abbreviation, an
// optional workload, the project, the stack, a region code and, for globally
// unique (DNS) names, a short suffix hashed from project and stack:
//
//	app-portal-shop-dev-weu-k3x9qa   web app (hyphenated, global)
//	rg-shop-prod-weu                 resource group
//	stshopdevk3x9qa                  storage account (concatenated, global)
//	kv-shop-dev-k3x9qa               Key Vault (global, 24 characters at most)
//
// Names are pure functions of their inputs. Azure cannot rename most
// resources, so a changed name makes Pulumi replace the resource (and, for a
// storage account, SQL server or Key Vault, lose its data). Nothing here is
// random, and the shortening rules in [Namer.Name] are part of that contract:
// changing them renames resources in every stack.
package naming

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind holds one Azure resource type's naming rules.
type Kind struct {
	Abbr      string // CAF abbreviation, e.g. "st", "kv", "app"
	MinLen    int
	MaxLen    int
	Hyphens   bool // hyphens allowed between parts (false: parts are concatenated, e.g. storage)
	Lowercase bool // name must be lowercase
	Global    bool // globally unique (DNS name): a stable suffix is appended

	resource       string  // human-readable type, for error messages
	chars          charset // characters Azure accepts anywhere in the name
	forbidden      string  // with chars == anyExcept: the characters Azure rejects
	first, last    edge    // further rules for the first and the last character
	noDoubleHyphen bool    // Azure rejects "--"
	noRegion       bool    // the region code is never part of the name
	// local: unique only within its resource group or scope, so named by
	// abbreviation and workload alone ([Local]), without project, stack,
	// region or suffix.
	local bool
}

// charset is the set of characters a kind accepts.
type charset uint8

const (
	alnum         charset = iota // ASCII letters and digits
	alnumHyphen                  // ASCII letters, digits and hyphens
	networkChars                 // ASCII letters, digits, underscores, periods and hyphens
	resGroupChars                // Unicode letters and digits, underscores, hyphens, periods, parentheses
	anyExcept                    // anything but control characters and Kind.forbidden
	wordHyphen                   // ASCII letters, digits, underscores and hyphens
)

// edge is a rule for the first or the last character of a name.
type edge uint8

const (
	anyChar edge = iota
	letterOrDigit
	letterOnly
	letterDigitOrUnderscore
	notPeriod
	notPeriodOrSpace
)

// String returns the resource type the kind names, e.g. "Key Vault".
func (k Kind) String() string {
	if k.resource == "" {
		return "resource"
	}
	return k.resource
}

// Validate checks name against the kind's length and character rules. The
// error names the rule that failed.
func (k Kind) Validate(name string) error {
	// Azure counts characters, not bytes.
	if n := utf8.RuneCountInString(name); n < k.MinLen || n > k.MaxLen {
		return fmt.Errorf("naming: %s name %q is %d characters long; it must be %d-%d", k, name, n, k.MinLen, k.MaxLen)
	}
	if k.Lowercase && name != strings.ToLower(name) {
		return fmt.Errorf("naming: %s name %q must be lowercase", k, name)
	}
	for _, r := range name {
		if !k.allows(r) {
			return fmt.Errorf("naming: %s name %q contains %q; allowed: %s", k, name, r, k.charsDesc())
		}
	}
	if r, _ := utf8.DecodeRuneInString(name); !k.first.allows(r) {
		return fmt.Errorf("naming: %s name %q must start with %s", k, name, k.first.desc())
	}
	if r, _ := utf8.DecodeLastRuneInString(name); !k.last.allows(r) {
		return fmt.Errorf("naming: %s name %q must end with %s", k, name, k.last.desc())
	}
	if k.noDoubleHyphen && strings.Contains(name, "--") {
		return fmt.Errorf("naming: %s name %q must not contain consecutive hyphens", k, name)
	}
	return nil
}

func (k Kind) allows(r rune) bool {
	switch k.chars {
	case alnum:
		return isAlnum(r)
	case alnumHyphen:
		return isAlnum(r) || r == '-'
	case networkChars:
		return isAlnum(r) || strings.ContainsRune("_.-", r)
	case wordHyphen:
		return isAlnum(r) || r == '_' || r == '-'
	case resGroupChars:
		return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("_-.()", r)
	case anyExcept:
		return !unicode.IsControl(r) && !strings.ContainsRune(k.forbidden, r)
	}
	return false
}

func (k Kind) charsDesc() string {
	lower := ""
	if k.Lowercase {
		lower = "lowercase "
	}
	switch k.chars {
	case alnum:
		return lower + "letters and digits"
	case alnumHyphen:
		return lower + "letters, digits and hyphens"
	case networkChars:
		return "letters, digits, underscores, periods and hyphens"
	case resGroupChars:
		return "letters, digits, underscores, hyphens, periods and parentheses"
	case wordHyphen:
		return "letters, digits, underscores and hyphens"
	case anyExcept:
		if k.forbidden == "" {
			return "anything but control characters"
		}
		return "anything but control characters and " + k.forbidden
	}
	return "nothing"
}

func (e edge) allows(r rune) bool {
	switch e {
	case letterOrDigit:
		return isAlnum(r)
	case letterOnly:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	case letterDigitOrUnderscore:
		return isAlnum(r) || r == '_'
	case notPeriod:
		return r != '.'
	case notPeriodOrSpace:
		return r != '.' && r != ' '
	}
	return true
}

func (e edge) desc() string {
	switch e {
	case letterOrDigit:
		return "a letter or digit"
	case letterOnly:
		return "a letter"
	case letterDigitOrUnderscore:
		return "a letter, digit or underscore"
	case notPeriod:
		return "anything but a period"
	case notPeriodOrSpace:
		return "anything but a period or space"
	}
	return "any character"
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// Namer derives names for one project + stack in one region.
type Namer struct {
	project, stack string // lowercased, validated slugs
	region         string // RegionCode(location)
	suffix         string // StableSuffix(project, stack) or the override
}

var (
	slugRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	suffixRE = regexp.MustCompile(`^[a-z0-9]{3,8}$`)
)

// New validates its inputs and returns a Namer. project and stack: letters,
// digits and single hyphens (lowercased internally). location: an Azure region
// name such as "westeurope" (see [Regions]). suffix: "" means
// StableSuffix(project, stack); otherwise an override of 3-8 lowercase letters
// or digits that lets a user pick a fresh suffix, e.g. while a deleted Key
// Vault's name stays reserved during its soft-delete retention.
//
// The stack is never shortened in a name, so New rejects a stack too long to
// fit the tightest kind (Key Vault: 24 characters) together with the
// abbreviation, a workload and the suffix.
func New(project, stack, location, suffix string) (Namer, error) {
	p, s := strings.ToLower(project), strings.ToLower(stack)
	if err := checkSlug("project", project, p); err != nil {
		return Namer{}, err
	}
	if err := checkSlug("stack", stack, s); err != nil {
		return Namer{}, err
	}
	region, ok := RegionCode(location)
	if !ok {
		return Namer{}, fmt.Errorf("naming: location %q is not a known Azure region name (lowercase, no spaces); known: %s",
			location, regionList())
	}
	if suffix == "" {
		suffix = StableSuffix(p, s)
	} else if !suffixRE.MatchString(suffix) {
		return Namer{}, fmt.Errorf("naming: suffix %q is invalid: an override suffix must be 3-8 lowercase letters or digits", suffix)
	}
	n := Namer{project: p, stack: s, region: region, suffix: suffix}
	for _, k := range allKinds {
		// The shortest name Name can fall back to: abbreviation, a
		// one-character workload, the stack and (if global) the suffix.
		if shortest := k.compose("x", "", n.partStack(k), "", n.partSuffix(k)); len(shortest) > k.MaxLen {
			return Namer{}, fmt.Errorf("naming: stack %q is too long: %s names (at most %d characters) keep the whole stack besides %q, a workload and suffix %q; use at most %d characters",
				stack, k, k.MaxLen, k.Abbr, suffix, len(s)-(len(shortest)-k.MaxLen))
		}
	}
	return n, nil
}

func checkSlug(what, raw, lower string) error {
	switch {
	case lower == "":
		return fmt.Errorf("naming: %s is empty", what)
	case !slugRE.MatchString(lower):
		return fmt.Errorf("naming: %s %q is invalid: use letters, digits and single hyphens, starting and ending with a letter or digit", what, raw)
	}
	return nil
}

// Suffix returns the suffix appended to globally unique names.
func (n Namer) Suffix() string { return n.suffix }

// Stack returns the (lowercased) stack name.
func (n Namer) Stack() string { return n.stack }

// Name returns the name of a resource of kind k for workload, which says what
// the resource is for ("portal", "orders-api") and may be "" (e.g. for the
// resource group). Only its ASCII letters and digits are kept, lowercased;
// any run of other characters becomes one hyphen, or nothing where the kind
// allows no hyphens ("Orders_API" gives "orders-api" or "ordersapi").
//
// A name that is too long is shortened in this order, stopping as soon as it
// fits:
//  1. cut the project, then the workload, to no fewer than 3 characters each;
//  2. drop the region code and retry step 1 from the full parts;
//  3. cut the project further, down to nothing (the suffix still encodes it
//     in global names);
//  4. cut the workload down to 1 character.
//
// The abbreviation, the stack and the suffix are never cut: they carry the
// uniqueness. Workloads of one kind should therefore differ in their first
// characters. Name panics if used on a Namer not made by [New], or if k cannot
// hold a valid name (only possible for a Kind defined outside this package).
func (n Namer) Name(k Kind, workload string) string {
	if n.stack == "" {
		panic("naming: Namer used without New")
	}
	if k.local {
		panic(fmt.Sprintf("naming: %s names are local: use Local", k))
	}
	w, p, s, x := slug(workload, k.Hyphens), slug(n.project, k.Hyphens), n.partStack(k), n.partSuffix(k)
	r := n.region
	if k.noRegion {
		r = ""
	}
	for _, st := range shortenings {
		reg := r
		if !st.region {
			reg = ""
		}
		if name, ok := k.fit(w, p, s, reg, x, st); ok {
			if err := k.Validate(name); err != nil {
				panic(err)
			}
			return name
		}
	}
	panic(fmt.Sprintf("naming: a %s name cannot hold %q, stack %q and suffix %q within %d characters", k, k.Abbr, s, x, k.MaxLen))
}

// Local returns the name of a resource of a local kind, one unique only
// within its resource group or scope (an alert rule, an availability test,
// a budget): the abbreviation and the workload, "alrt-portal-http-5xx". The
// workload is slugged as in [Namer.Name] and cut at the end to fit. Local
// panics on a kind that is not local, or a name its kind refuses.
func Local(k Kind, workload string) string {
	if !k.local {
		panic(fmt.Sprintf("naming: %s names are not local: use Namer.Name", k))
	}
	w := slug(workload, k.Hyphens)
	name := k.compose(w, "", "", "", "")
	for len(name) > k.MaxLen && w != "" {
		w = cut(w)
		name = k.compose(w, "", "", "", "")
	}
	if err := k.Validate(name); err != nil {
		panic(err)
	}
	return name
}

// PairName is Name for a global kind that never carries the region code (a
// storage account), for the copy of a resource a stack keeps in the other
// region of a pair while the first keeps its global name: the region code
// goes ahead of the suffix, among the parts that are never cut, so the two
// names differ however long the stack. A long stack with a long suffix in a
// region with a four-letter code leaves no room: PairRoom says so first,
// and PairName panics then, as Name does.
func (n Namer) PairName(k Kind, workload string) string {
	return n.paired(k).Name(k, workload)
}

// PairRoom reports whether PairName can name a k: an error naming the
// stack, the suffix and the region when even the shortest such name is too
// long.
func (n Namer) PairRoom(k Kind) error {
	p := n.paired(k)
	if shortest := k.compose("x", "", p.partStack(k), "", p.partSuffix(k)); len(shortest) > k.MaxLen {
		return fmt.Errorf("a %s named in the pair keeps the region code %q beside the suffix %q, and stack %q leaves no room for them within %d characters",
			k, n.region, n.suffix, n.stack, k.MaxLen)
	}
	return nil
}

func (n Namer) paired(k Kind) Namer {
	if !k.Global || !k.noRegion {
		panic(fmt.Sprintf("naming: a pair name is for global kinds without a region code, not %s", k))
	}
	p := n
	p.suffix = n.region + n.suffix
	return p
}

// shortening is one step of Name's shortening order: whether the region code
// stays, and how far the project and the workload may be cut (0 drops them).
type shortening struct {
	region         bool
	minProj, minWl int
}

var shortenings = []shortening{
	{region: true, minProj: 3, minWl: 3},
	{region: false, minProj: 3, minWl: 3},
	{region: false, minProj: 0, minWl: 3},
	{region: false, minProj: 0, minWl: 1},
}

// fit cuts the project, then the workload, one character at a time until the
// name fits k.MaxLen or both have reached the limits of st.
func (k Kind) fit(w, p, s, r, x string, st shortening) (string, bool) {
	for {
		name := k.compose(w, p, s, r, x)
		if len(name) <= k.MaxLen {
			return name, true
		}
		switch {
		case len(p) > st.minProj:
			p = cut(p)
		case len(w) > st.minWl:
			w = cut(w)
		default:
			return "", false
		}
	}
}

// cut drops the last character and any hyphen it would leave at the end.
func cut(s string) string { return strings.TrimRight(s[:len(s)-1], "-") }

// compose joins the non-empty parts in the fixed order
// abbreviation, workload, project, stack, region code, suffix.
func (k Kind) compose(workload, project, stack, region, suffix string) string {
	sep := ""
	if k.Hyphens {
		sep = "-"
	}
	parts := make([]string, 0, 6)
	for _, part := range []string{k.Abbr, workload, project, stack, region, suffix} {
		if part != "" {
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, sep)
}

func (n Namer) partStack(k Kind) string { return slug(n.stack, k.Hyphens) }

func (n Namer) partSuffix(k Kind) string {
	if k.Global {
		return n.suffix
	}
	return ""
}

// slug lowercases s and keeps ASCII letters and digits. Any run of other
// characters becomes one hyphen when hyphens is true (never at either end, so
// joined parts never produce "--"), and is dropped otherwise.
func slug(s string, hyphens bool) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && hyphens && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return b.String()
}

// suffixLen is the length of StableSuffix's result: 36^6 (about 2.2e9)
// values keep accidental collisions between stacks negligible while leaving
// room in 24-character names.
const suffixLen = 6

// StableSuffix returns 6 lowercase base36 characters derived from
// sha256(project + "/" + stack): the first 8 bytes of the digest, read as a
// big-endian uint64, modulo 36^6, zero-padded. project and stack are
// lowercased first, as New does, because Azure names are case-insensitive.
func StableSuffix(project, stack string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(project) + "/" + strings.ToLower(stack)))
	const mod = 36 * 36 * 36 * 36 * 36 * 36
	v := binary.BigEndian.Uint64(sum[:8]) % mod
	s := strconv.FormatUint(v, 36)
	return strings.Repeat("0", suffixLen-len(s)) + s
}
