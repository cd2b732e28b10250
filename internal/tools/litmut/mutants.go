package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// A mutant is one literal changed in one file: the bytes [Start, End) of the
// file are replaced by New.
type mutant struct {
	File       string // path relative to the module root
	Line       int
	Start, End int // byte offsets of the literal
	Old, New   string
}

// apply returns src with the mutant's literal replaced; src is not modified.
func (m mutant) apply(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(m.New)-len(m.Old))
	out = append(out, src[:m.Start]...)
	out = append(out, m.New...)
	return append(out, src[m.End:]...)
}

// findMutants lists the mutable literals of one Go file, in source order:
// true/false (flipped), string literals (an "x" appended) and integer or
// float literals (plus one). Import paths, struct tags and whatever builds
// the message of fmt.Errorf or errors.New are left alone: they deploy nothing.
func findMutants(file string, src []byte) ([]mutant, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	tags := map[ast.Node]bool{}
	var out []mutant
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.Field:
			if n.Tag != nil {
				tags[n.Tag] = true
			}
		case *ast.CallExpr:
			if isErrorMessage(n.Fun) {
				return false
			}
		case *ast.Ident:
			if n.Name == "true" || n.Name == "false" {
				out = append(out, newMutant(fset, file, n.Pos(), n.End(), n.Name, map[string]string{"true": "false", "false": "true"}[n.Name]))
			}
		case *ast.BasicLit:
			if tags[n] {
				return false
			}
			if mutated, ok := mutateLiteral(n); ok {
				out = append(out, newMutant(fset, file, n.Pos(), n.End(), n.Value, mutated))
			}
		}
		return true
	})
	return out, nil
}

func newMutant(fset *token.FileSet, file string, pos, end token.Pos, old, mutated string) mutant {
	p := fset.Position(pos)
	return mutant{File: file, Line: p.Line, Start: p.Offset, End: fset.Position(end).Offset, Old: old, New: mutated}
}

// isErrorMessage reports whether fun is fmt.Errorf or errors.New.
func isErrorMessage(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && (pkg.Name == "fmt" && sel.Sel.Name == "Errorf" || pkg.Name == "errors" && sel.Sel.Name == "New")
}

// mutateLiteral returns the mutated source text of a string or number literal.
func mutateLiteral(lit *ast.BasicLit) (string, bool) {
	v := lit.Value
	switch lit.Kind {
	case token.STRING:
		// Insert before the closing quote, so "a" and `a` stay the same kind of literal.
		return v[:len(v)-1] + "x" + v[len(v)-1:], true
	case token.INT:
		n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64)
		if err != nil {
			return "", false
		}
		return strconv.FormatInt(n+1, 10), true
	case token.FLOAT:
		x, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
		if err != nil {
			return "", false
		}
		s := strconv.FormatFloat(x+1, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0" // stay an untyped float constant
		}
		return s, true
	}
	return "", false
}
