// Package backup will hold snapshot and restore archives, local and S3. It is
// empty until that work lands.
package backup
