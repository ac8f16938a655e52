from deskcrm.cli import main

raise SystemExit(main())
